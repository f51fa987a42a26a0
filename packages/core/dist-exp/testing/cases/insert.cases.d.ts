import { type DefineCase } from '../context.js';
export declare function insertCases(it: DefineCase): void;
//# sourceMappingURL=insert.cases.d.ts.map