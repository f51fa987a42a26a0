import { type DefineCase } from '../context.js';
export declare function notifierCases(it: DefineCase): void;
//# sourceMappingURL=notifier.cases.d.ts.map