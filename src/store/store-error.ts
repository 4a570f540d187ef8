import { UserError } from '../user-error.js';

/** Raised when the database cannot be used; the message names the file, which is left untouched. */
export class StoreError extends UserError {}

/** Raised when a change could not be written; the in-memory state has been rolled back. */
export class StoreWriteError extends Error {}

/**
 * Raised by `commit()` when the message being handled was handled already (by another replica sharing the
 * database): nothing of this handling was written and memory was rolled back; its replies must be dropped.
 */
export class DuplicateMessage extends Error {
  constructor(readonly key: string) {
    super(`message ${key} was handled already (by another replica); this handling was dropped`);
  }
}

/** Raised by `commit()` when a one-time login link was used already (on another replica): no second session. */
export class LinkUsed extends Error {
  constructor(readonly key: string) {
    super(`login link ${key} was used already (on another replica)`);
  }
}

/** Raised by `commit()` when a weekly job ran already this week (on another replica); its messages were dropped. */
export class DuplicateJob extends Error {
  constructor(readonly key: string) {
    super(`weekly job ${key} ran already (on another replica); this run was dropped`);
  }
}
