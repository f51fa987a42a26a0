export { Queue } from './queue.js';
export { InvalidOptionError } from './invalid-option.js';
export { backoffDelay, backoffProblem, nextAttemptAt } from '../job/backoff.js';
//# sourceMappingURL=index.js.map