import { type DefineCase } from '../context.js';
export declare function reportingCases(it: DefineCase): void;
//# sourceMappingURL=reporting.cases.d.ts.map