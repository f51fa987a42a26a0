/**
 * The part of the Standard Schema v1 interface (https://standardschema.dev) the Queue uses, declared
 * here so core keeps no dependency. zod 3.24+, valibot 1 and arktype 2 schemas all satisfy it.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
    readonly '~standard': {
        readonly version: 1;
        readonly vendor: string;
        readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
        readonly types?: {
            readonly input: Input;
            readonly output: Output;
        } | undefined;
    };
}
/** A validator's answer: the (possibly transformed) value, or the issues found. */
export type StandardResult<Output> = {
    readonly value: Output;
    readonly issues?: undefined;
} | {
    readonly issues: readonly StandardIssue[];
};
export interface StandardIssue {
    readonly message: string;
    readonly path?: readonly (PropertyKey | {
        readonly key: PropertyKey;
    })[] | undefined;
}
//# sourceMappingURL=schema.d.ts.map