import { type DefineCase } from '../context.js';
export declare function leaseCases(it: DefineCase): void;
//# sourceMappingURL=lease.cases.d.ts.map