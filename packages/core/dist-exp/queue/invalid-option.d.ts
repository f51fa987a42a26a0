/** An option passed to `Queue`, `Worker` or `queue.add` that cannot be used; `option` names it. */
export declare class InvalidOptionError extends TypeError {
    readonly option: string;
    readonly problem: string;
    readonly name = "InvalidOptionError";
    constructor(option: string, problem: string);
}
/** Largest value of a signed 32-bit integer column, the narrowest the SQL stores use for counters. */
export declare const INT32_MAX: number;
/** Throws unless `value` is an integer in [min, max]. */
export declare function assertInteger(option: string, value: unknown, min: number, max?: number): asserts value is number;
/** Throws unless `value` is a finite number >= min (milliseconds, usually). */
export declare function assertDuration(option: string, value: unknown, min?: number): asserts value is number;
/** Throws unless `value` is a non-empty string of at most `maxLength` characters. */
export declare function assertName(option: string, value: unknown, maxLength?: number): asserts value is string;
/**
 * Throws when `options` holds a key outside `allowed` (a typo such as `prio` would otherwise be
 * ignored). A key whose value is undefined is let through: integrations spread partial settings.
 */
export declare function assertKnownKeys(where: string, options: object, allowed: ReadonlySet<string>): void;
//# sourceMappingURL=invalid-option.d.ts.map