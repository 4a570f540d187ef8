import { describeError } from '../../adapters/shared/with-retry.js';
import type { Logger } from '../core/logger.js';
import type { Adapter, Core } from '../shared/types.js';
import { UserError } from '../user-error.js';

/** Back-off of adapter start-up attempts. */
export interface StartRetryOptions {
  firstMs?: number;
  maxMs?: number;
  /** Stops the retries (shutdown). */
  signal?: AbortSignal;
}

/** Failures no retry can fix: bad configuration, a module that is not installed. */
function permanent(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return err instanceof UserError || code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Starts an adapter; when its platform is unreachable (network, 5xx, timeouts) it logs one line and tries again
 * with back-off (5 s doubling up to 5 min) until it succeeds or `signal` aborts. Permanent failures are thrown.
 * Resolves true once started, false when aborted first (an adapter that finishes starting after the abort is
 * stopped again, so that a shutdown during start-up does not leave a server listening).
 */
export async function startWithRetry(
  adapter: Adapter,
  core: Core,
  log: Logger,
  o: StartRetryOptions = {},
): Promise<boolean> {
  let wait = o.firstMs ?? 5000;
  for (let attempt = 1; !o.signal?.aborted; attempt++) {
    try {
      await adapter.start(core);
      // shut down while it was starting: the stop at shutdown came before it listened, so stop it now
      if (o.signal?.aborted) {
        await adapter.stop().catch(() => {});
        return false;
      }
      log.info({ adapter: adapter.name, attempt }, `${adapter.name} running`);
      return true;
    } catch (err) {
      if (permanent(err)) throw err;
      log.error(
        { adapter: adapter.name, attempt, err: describeError(err), retryInMs: wait },
        `${adapter.name} could not start (platform unreachable?); retrying in ${Math.round(wait / 1000)} s`,
      );
      await pause(wait, o.signal);
      wait = Math.min(wait * 2, o.maxMs ?? 300_000);
    }
  }
  return false;
}
