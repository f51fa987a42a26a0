export { Queue, type AddedJob, type AddManyItem, type ListOptions, type PruneOptions, type QueueOptions, type QueueSchemas } from './queue.js';
export type { AddOptions } from './options.js';
export { InvalidOptionError } from './invalid-option.js';
export type { StandardIssue, StandardResult, StandardSchemaV1 } from './schema.js';
export type { PayloadOf, ResultOf, TaskDefinition, TaskMap, TaskName, UntypedTasks } from './tasks.js';
export { backoffDelay, backoffProblem, nextAttemptAt } from '../job/backoff.js';
//# sourceMappingURL=index.d.ts.map