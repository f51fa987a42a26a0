import { type DefineCase } from '../context.js';
export declare function uniqueCases(it: DefineCase): void;
//# sourceMappingURL=unique.cases.d.ts.map