const ignore = () => { };
/** The default: warnings and errors to the console, nothing else (a library stays quiet by default). */
export const consoleWarnLogger = {
    debug: ignore,
    info: ignore,
    warn: (obj, msg) => console.warn(`[queue] ${msg ?? ''}`, obj),
    error: (obj, msg) => console.error(`[queue] ${msg ?? ''}`, obj),
};
/** A logger that drops everything, for tests and for callers that watch events instead. */
export const silentLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
//# sourceMappingURL=logger.js.map