import { type DefineCase } from '../context.js';
export declare function foldCases(it: DefineCase): void;
//# sourceMappingURL=fold.cases.d.ts.map