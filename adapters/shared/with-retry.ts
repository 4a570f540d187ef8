import type { Logger } from '../../src/core/logger.js';

/** How a failed attempt should be treated. */
export interface RetryVerdict {
  retry: boolean;
  /** Server-requested wait (e.g. Lark's x-ogw-ratelimit-reset), in ms. */
  afterMs?: number;
}

/** Options of withRetry. */
export interface RetryOptions {
  attempts: number;
  baseMs: number;
  classify: (err: unknown) => RetryVerdict;
  log: Logger;
  what: string;
  sleep?: (ms: number) => Promise<void>;
}

/** Runs `fn`, retrying retryable failures with exponential back-off; every failure is logged, the last one thrown. */
export async function withRetry<T>(fn: () => Promise<T>, o: RetryOptions): Promise<T> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const v = o.classify(err);
      const last = attempt >= o.attempts || !v.retry;
      const wait = v.afterMs ?? o.baseMs * 2 ** (attempt - 1);
      o.log[last ? 'error' : 'warn'](
        { attempt, of: o.attempts, err: describeError(err), ...(last ? {} : { retryInMs: wait }) },
        last ? `${o.what} failed` : `${o.what} failed, retrying`,
      );
      if (last) throw err;
      await sleep(wait);
    }
  }
}

/** A short description of an error for logs: never the request config (it can hold secrets or tokens). */
export function describeError(err: unknown): { message: string; status?: number; code?: unknown } {
  const e = err as {
    message?: string;
    response?: { status?: number; data?: { code?: unknown } };
    code?: unknown;
  };
  return {
    message: String(e?.message ?? err),
    ...(e?.response?.status ? { status: e.response.status } : {}),
    ...(e?.response?.data?.code !== undefined
      ? { code: e.response.data.code }
      : e?.code !== undefined
        ? { code: e.code }
        : {}),
  };
}
