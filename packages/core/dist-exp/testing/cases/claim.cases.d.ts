import { type DefineCase } from '../context.js';
export declare function claimCases(it: DefineCase): void;
//# sourceMappingURL=claim.cases.d.ts.map