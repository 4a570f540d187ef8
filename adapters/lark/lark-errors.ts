import type { RetryVerdict } from '../shared/with-retry.js';

/** A Lark API answer with a non-zero code (HTTP 200 but failed). */
export class LarkApiError extends Error {
  constructor(
    readonly code: number,
    msg: string,
  ) {
    super(`Lark API error ${code}: ${msg}`);
  }
}

/** Token invalid (99991663) or expired (99991668): drop the cached token and try once more. */
export const TOKEN_CODES = new Set([99991663, 99991668]);

/** Codes that mean "later": frequency limits (99991400 gateway, 230020 per chat/user). */
const TRANSIENT_CODES = new Set([99991400, 230020]);

/** The Lark code of a failure: from an HTTP 200 answer, or from an HTTP 4xx/5xx body ({code, msg}). */
export function larkCode(err: unknown): number | undefined {
  if (err instanceof LarkApiError) return err.code;
  const code = (err as { response?: { data?: { code?: unknown } } })?.response?.data?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Short reason for logs and the digest: "230002 Bot is not in the chat" or "HTTP 503". */
export function larkReason(err: unknown): string {
  const e = err as {
    response?: { status?: number; data?: { msg?: unknown } };
    message?: string;
    code?: unknown;
  };
  const code = larkCode(err);
  if (err instanceof LarkApiError) return err.message.replace(/^Lark API error /, '');
  if (code !== undefined) return `${code} ${String(e.response?.data?.msg ?? '')}`.trim();
  if (e?.response?.status) return `HTTP ${e.response.status}`;
  return String(e?.code ?? e?.message ?? err);
}

/**
 * Which failures are worth retrying: 429 (after the x-ogw-ratelimit-reset the server gives), 5xx, network
 * errors, frequency-limit codes and an invalid/expired token (once the cache is cleared). Everything else (bot not
 * in the chat 230002, no permission 99991672, user outside the app's 可用范围, a refused card …) is permanent:
 * retrying would only repeat it.
 */
export function classifyLarkError(err: unknown): RetryVerdict {
  const e = err as { response?: { status?: number; headers?: Record<string, string> } };
  const status = e?.response?.status;
  // a 429 first: its body carries a rate-limit code too, but only the header says how long to wait
  if (status === 429) {
    const reset = Number(e.response?.headers?.['x-ogw-ratelimit-reset']);
    return { retry: true, ...(Number.isFinite(reset) && reset > 0 ? { afterMs: reset * 1000 } : {}) };
  }
  const code = larkCode(err);
  if (code !== undefined && (TOKEN_CODES.has(code) || TRANSIENT_CODES.has(code))) return { retry: true };
  if (err instanceof LarkApiError) return { retry: false };
  if (status === undefined || status >= 500) return { retry: true };
  return { retry: false };
}
