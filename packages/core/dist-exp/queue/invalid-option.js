/** An option passed to `Queue`, `Worker` or `queue.add` that cannot be used; `option` names it. */
export class InvalidOptionError extends TypeError {
    option;
    problem;
    name = 'InvalidOptionError';
    constructor(option, problem) {
        super(`invalid option ${option}: ${problem}`);
        this.option = option;
        this.problem = problem;
    }
}
/** Largest value of a signed 32-bit integer column, the narrowest the SQL stores use for counters. */
export const INT32_MAX = 2 ** 31 - 1;
/** Throws unless `value` is an integer in [min, max]. */
export function assertInteger(option, value, min, max = INT32_MAX) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        throw new InvalidOptionError(option, `must be an integer from ${min} to ${max}, got ${describe(value)}`);
    }
}
/** Throws unless `value` is a finite number >= min (milliseconds, usually). */
export function assertDuration(option, value, min = 0) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
        throw new InvalidOptionError(option, `must be a finite number >= ${min}, got ${describe(value)}`);
    }
}
/** Throws unless `value` is a non-empty string of at most `maxLength` characters. */
export function assertName(option, value, maxLength = 255) {
    if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
        throw new InvalidOptionError(option, `must be a non-empty string of at most ${maxLength} characters, got ${describe(value)}`);
    }
}
/**
 * Throws when `options` holds a key outside `allowed` (a typo such as `prio` would otherwise be
 * ignored). A key whose value is undefined is let through: integrations spread partial settings.
 */
export function assertKnownKeys(where, options, allowed) {
    for (const [key, value] of Object.entries(options)) {
        if (!allowed.has(key) && value !== undefined)
            throw new InvalidOptionError(`${where}.${key}`, `unknown option (allowed: ${[...allowed].join(', ')})`);
    }
}
function describe(value) {
    if (typeof value === 'string')
        return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
    if (typeof value === 'number' || typeof value === 'boolean' || value == null)
        return String(value);
    return typeof value;
}
//# sourceMappingURL=invalid-option.js.map