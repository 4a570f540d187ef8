import { type DestinationStream, destination, pino, stdTimeFunctions } from 'pino';
import pretty from 'pino-pretty';
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

/** Where log lines go: a file (JSON lines), or stderr — readable when it is a terminal, JSON otherwise. */
export interface LogTarget {
  /** Append JSON lines to this file instead of stderr (the interactive console). */
  file?: string;
  /** Human-readable lines; default: when stderr is a terminal. */
  pretty?: boolean;
}

/**
 * A pino logger with secrets redacted and ISO timestamps. Logs never go to stdout, which stays clean for answers
 * and JSON output.
 */
export function createLogger(level: string, target: LogTarget = {}): Logger {
  const options = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: stdTimeFunctions.isoTime,
  };
  let stream: DestinationStream;
  if (target.file) stream = destination({ dest: target.file, append: true, sync: true });
  else if (target.pretty ?? process.stderr.isTTY)
    stream = pretty({
      destination: 2,
      sync: true,
      translateTime: 'SYS:yyyy-mm-dd HH:MM:ss',
      ignore: 'pid,hostname',
    });
  else stream = destination(2);
  return pino(options, stream);
}
