/** An error caused by input or configuration: the CLI prints its message (no stack) and exits with code 2. */
export class UserError extends Error {}
