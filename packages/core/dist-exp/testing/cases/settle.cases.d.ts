import { type DefineCase } from '../context.js';
export declare function settleCases(it: DefineCase): void;
//# sourceMappingURL=settle.cases.d.ts.map