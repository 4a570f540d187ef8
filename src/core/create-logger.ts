import { destination, pino } from 'pino';
import type { Logger } from './logger.js';

/** Keys whose values never reach a log line (tokens, secrets, keys). */
const SECRET_KEYS = [
  'app_secret',
  'appSecret',
  'secret',
  'token',
  'password',
  'encryptKey',
  'encrypt_key',
  'tenant_access_token',
  'authorization',
  'Authorization',
];

/** The redaction paths: each secret key at the top level and nested up to four levels deep (pino needs paths). */
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [
  k,
  `*.${k}`,
  `*.*.${k}`,
  `*.*.*.${k}`,
  `*.*.*.*.${k}`,
]);

/** A pino logger on stderr (stdout stays clean for answers and JSON output), with secrets redacted. */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination(2));
}
