import { type DefineCase } from '../context.js';
export declare function groupCases(it: DefineCase): void;
//# sourceMappingURL=groups.cases.d.ts.map