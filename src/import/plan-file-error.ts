import { UserError } from '../user-error.js';

/** A plan file that cannot be read (wrong format, scanned PDF, no LibreOffice for .doc): the message is Chinese. */
export class PlanFileError extends UserError {}
