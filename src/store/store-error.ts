import { UserError } from '../user-error.js';

/** Raised when the database cannot be used; the message names the file, which is left untouched. */
export class StoreError extends UserError {}

/** Raised when a change could not be written; the in-memory state has been rolled back. */
export class StoreWriteError extends Error {}
