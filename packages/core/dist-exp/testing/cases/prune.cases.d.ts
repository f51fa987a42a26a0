import { type DefineCase } from '../context.js';
export declare function pruneCases(it: DefineCase): void;
//# sourceMappingURL=prune.cases.d.ts.map