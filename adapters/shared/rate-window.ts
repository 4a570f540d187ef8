/** Options of a sliding-window limit. */
export interface RateWindowOptions {
  /** At most `limit` takes per key within any `windowMs`. */
  limit: number;
  windowMs: number;
  /** Injected for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A sliding-window rate limit per key (WeCom: an app may send one member 30 messages a minute). Callers for the
 * same key must be serialised (a SendQueue does that); take() waits until the oldest send leaves the window.
 */
export class RateWindow {
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly o: RateWindowOptions) {}

  /** Waits until one more send to `key` fits in the window, then counts it. */
  async take(key: string): Promise<void> {
    const now = this.o.now ?? Date.now;
    for (;;) {
      const t = now();
      const list = (this.sent.get(key) ?? []).filter((s) => s > t - this.o.windowMs);
      if (list.length < this.o.limit) {
        list.push(t);
        this.sent.set(key, list);
        return;
      }
      this.sent.set(key, list);
      await (this.o.sleep ?? realSleep)((list[0] as number) + this.o.windowMs - t);
    }
  }
}
