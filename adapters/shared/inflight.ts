/** Work an adapter started from an event and did not await: errors go to `onError`, idle() waits for all of it. */
export class Inflight {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly onError: (err: unknown) => void) {}

  /** Keeps track of one piece of work. */
  track(p: Promise<void>): void {
    const q = p.catch(this.onError);
    this.running.add(q);
    void q.finally(() => this.running.delete(q));
  }

  /** Resolves when all tracked work, including work it started, has finished. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}
