/** Options of a send queue. */
export interface SendQueueOptions {
  /** Minimum time between two sends with the same key, in ms. */
  gapMs: number;
  /** Extra random delay up to this many ms after the gap (to look less like a machine). */
  jitterMs?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Serialises sends per key (a chat, or one key for a whole account) with a minimum gap, so that order is kept
 * and the platform's rate limits (Lark: 5 messages a second per chat) or risk control (WeChat) are respected.
 */
export class SendQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly last = new Map<string, number>();

  constructor(private readonly opts: SendQueueOptions) {}

  /** Runs `task` after every earlier task with the same key, at least gapMs after the previous one started. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const sleep = this.opts.sleep ?? realSleep;
    const prev = this.tails.get(key) ?? Promise.resolve();
    const result = prev.then(async () => {
      const since = Date.now() - (this.last.get(key) ?? 0);
      const jitter = this.opts.jitterMs
        ? Math.floor((this.opts.random ?? Math.random)() * this.opts.jitterMs)
        : 0;
      const wait = Math.max(0, this.opts.gapMs - since) + jitter;
      if (wait > 0) await sleep(wait);
      this.last.set(key, Date.now());
      return task();
    });
    const tail = result.then(
      () => {},
      () => {},
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves when everything queued so far has been sent (or failed). */
  async idle(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }
}
