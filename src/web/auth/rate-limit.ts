/**
 * A fixed-window counter per key (a client address) with a cap on all keys together: at most `max` hits per key
 * and `globalMax` in all per window. Keys are forgotten when their window ends, so memory stays small.
 */
export class RateLimit {
  private windowStart = 0;
  private total = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly globalMax: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a hit; returns the seconds to wait when it is over a limit, 0 when it may go on. */
  hit(key: string, nowMs: number): number {
    if (nowMs - this.windowStart >= this.windowMs) {
      this.windowStart = nowMs;
      this.total = 0;
      this.counts.clear();
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    this.total++;
    if (n > this.max || this.total > this.globalMax)
      return Math.max(1, Math.ceil((this.windowStart + this.windowMs - nowMs) / 1000));
    return 0;
  }
}
