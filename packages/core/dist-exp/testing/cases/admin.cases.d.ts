import { type DefineCase } from '../context.js';
export declare function adminCases(it: DefineCase): void;
//# sourceMappingURL=admin.cases.d.ts.map