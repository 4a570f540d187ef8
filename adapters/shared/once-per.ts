/** Lets something happen once per key within a period (guidance sent to a user at most once a day). */
export class OncePer {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly periodMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time for this key in the period (and counts it). */
  take(key: string): boolean {
    const t = this.now();
    const prev = this.last.get(key);
    if (prev !== undefined && t - prev < this.periodMs) return false;
    this.last.set(key, t);
    return true;
  }
}
