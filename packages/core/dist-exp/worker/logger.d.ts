/**
 * The logger the worker writes to: any pino-compatible object (pino, its child loggers) or `console`.
 * Every call passes a bindings object first and a message second, pino's `(obj, msg)` shape.
 */
export interface Logger {
    debug(obj: object, msg?: string): void;
    info(obj: object, msg?: string): void;
    warn(obj: object, msg?: string): void;
    error(obj: object, msg?: string): void;
    /** When present, each job's `ctx.log` is `child({ jobId, jobName, queue, attempt })`. */
    child?(bindings: Record<string, unknown>): Logger;
}
/** The default: warnings and errors to the console, nothing else (a library stays quiet by default). */
export declare const consoleWarnLogger: Logger;
/** A logger that drops everything, for tests and for callers that watch events instead. */
export declare const silentLogger: Logger;
//# sourceMappingURL=logger.d.ts.map