import { type DefineCase } from '../context.js';
export declare function concurrencyCases(it: DefineCase): void;
//# sourceMappingURL=concurrency.cases.d.ts.map