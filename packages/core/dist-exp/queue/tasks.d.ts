/**
 * Typed task maps. Describe every job name with its payload and (optionally) its result:
 *
 * ```ts
 * type Tasks = {
 *   'email.send': { payload: { to: string }; result: { messageId: string } }
 *   'report.build': { payload: { month: string } }   // result: unknown
 * }
 * const queue = new Queue<Tasks>({ store })
 * const worker = new Worker<Tasks>({ store, handlers: { 'email.send': async ({ to }) => ({ messageId: to }) } })
 * ```
 *
 * A name missing from the map, or a payload of the wrong shape, is then a compile error. Without a
 * map, any name and any payload are accepted.
 */
export interface TaskDefinition {
    payload: unknown;
    result?: unknown;
}
/** The constraint on a task map; written as a mapped type so both `type` aliases and interfaces fit. */
export type TaskMap<T> = {
    [K in keyof T]: TaskDefinition;
};
/** The map used when none is given: every name, any payload, any result. */
export type UntypedTasks = Record<string, {
    payload: any;
    result: any;
}>;
/** The job names of a task map. */
export type TaskName<T> = keyof T & string;
/** The payload type of task `N`. */
export type PayloadOf<T, N extends keyof T> = T[N] extends {
    payload: infer P;
} ? P : never;
/** The result type of task `N` (`unknown` when the map does not say). */
export type ResultOf<T, N extends keyof T> = T[N] extends {
    result: infer R;
} ? R : unknown;
//# sourceMappingURL=tasks.d.ts.map