import { destination, pino } from 'pino';
import type { Logger } from './logger.js';

/** Paths whose values never reach a log line (tokens, secrets, keys), wherever they are nested. */
export const REDACT_PATHS = [
  '*.app_secret',
  '*.appSecret',
  '*.secret',
  '*.token',
  '*.password',
  '*.encryptKey',
  '*.encrypt_key',
  '*.tenant_access_token',
  '*.authorization',
  '*.Authorization',
  '*.headers.authorization',
];

/** A pino logger on stderr (stdout stays clean for answers and JSON output), with secrets redacted. */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination(2));
}
