/** A set that forgets its oldest entries beyond a size limit (for dedupe keys). */
export class BoundedSet {
  private readonly items = new Set<string>();

  constructor(private readonly limit: number) {}

  /** True when the key was added before and not yet forgotten. */
  has(key: string): boolean {
    return this.items.has(key);
  }

  /** Forgets a key (a message that must be taken again when the platform re-delivers it). */
  delete(key: string): void {
    this.items.delete(key);
  }

  /** Adds a key, forgetting the oldest one when full. */
  add(key: string): void {
    this.items.add(key);
    if (this.items.size > this.limit) {
      const oldest = this.items.values().next().value;
      if (oldest !== undefined) this.items.delete(oldest);
    }
  }
}
