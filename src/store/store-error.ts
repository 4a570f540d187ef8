import { UserError } from '../user-error.js';

/** Raised when the database cannot be used; the message names the file, which is left untouched. */
export class StoreError extends UserError {}

/** Raised when a change could not be written; the in-memory state has been rolled back. */
export class StoreWriteError extends Error {}

/** Raised by a commit that claimed a message another replica has already handled: its changes are dropped. */
export class DuplicateMessage extends Error {}
