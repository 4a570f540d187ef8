import { inspect } from 'node:util';
import type { Logger } from '../../src/core/logger.js';
import { describeError } from '../shared/with-retry.js';

/** The SDK's logger interface (each method gets the SDK's arguments as an array). */
export interface SdkLogger {
  error: (...msg: unknown[]) => void;
  warn: (...msg: unknown[]) => void;
  info: (...msg: unknown[]) => void;
  debug: (...msg: unknown[]) => void;
  trace: (...msg: unknown[]) => void;
}

const PATTERNS = [
  /("?app_secret"?\s*[:=]\s*"?)[^"&,\s}]+/gi,
  /("?(?:tenant_access_token|app_access_token|encrypt_key|encryptKey|appSecret)"?\s*[:=]\s*"?)[^"&,\s}]+/gi,
  /(Bearer\s+)[A-Za-z0-9._-]+/g,
];

/** Removes secrets from a string: the configured values themselves and anything that looks like a token. */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  for (const re of PATTERNS) out = out.replace(re, '$1[redacted]');
  return out;
}

/**
 * A logger for the Lark SDK that goes through ours with secrets removed: the SDK's default logger prints the
 * whole AxiosError when a token request fails, app_secret included.
 */
export function redactingSdkLogger(log: Logger, secrets: string[]): SdkLogger {
  // an error (the SDK passes [AxiosError]) is one line: its message and code, not 18 KB of request and stack
  const one = (a: unknown): string =>
    typeof a === 'string'
      ? a
      : a instanceof Error
        ? JSON.stringify(describeError(a))
        : Array.isArray(a) && a.some((x) => x instanceof Error)
          ? a.map(one).join(' ')
          : inspect(a, { depth: 4, breakLength: Number.POSITIVE_INFINITY });
  const text = (args: unknown[]) => redact(args.map(one).join(' '), secrets).slice(0, 4000);
  return {
    error: (...a) => log.error({ sdk: 'lark' }, text(a)),
    warn: (...a) => log.warn({ sdk: 'lark' }, text(a)),
    info: (...a) => log.info({ sdk: 'lark' }, text(a)),
    debug: (...a) => log.debug({ sdk: 'lark' }, text(a)),
    trace: (...a) => log.debug({ sdk: 'lark' }, text(a)),
  };
}
