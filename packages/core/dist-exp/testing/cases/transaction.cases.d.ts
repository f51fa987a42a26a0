import { type DefineCase } from '../context.js';
export declare function transactionCases(it: DefineCase): void;
//# sourceMappingURL=transaction.cases.d.ts.map