import type { Checkin, Db } from './db-schema.js';

/**
 * Serialises the database for writing, reusing the bytes of check-ins already written: check-ins are appended far
 * more often than changed, and re-encoding 50,000 of them per write would cap throughput. Call `invalidate()`
 * after changing a stored check-in in place.
 */
export class DbSerializer {
  private list?: Checkin[];
  private count = 0;
  private chunks: Buffer[] = [];

  /** Forget the cached bytes (a record was changed in place). */
  invalidate(): void {
    this.list = undefined;
  }

  /** The file's bytes, as chunks to write in order. */
  serialize(db: Db): Buffer[] {
    const list = db.checkins;
    if (this.list !== list || this.count > list.length) {
      this.list = list;
      this.count = 0;
      this.chunks = [];
    }
    if (this.count < list.length) {
      const fresh = list.slice(this.count).map((c) => JSON.stringify(c));
      this.chunks.push(Buffer.from((this.count > 0 ? ',' : '') + fresh.join(','), 'utf8'));
      this.count = list.length;
      if (this.chunks.length > 512) this.chunks = [Buffer.concat(this.chunks)];
    }
    const { checkins: _omit, ...rest } = db;
    const head = JSON.stringify(rest);
    return [
      Buffer.from(`${head.slice(0, -1)},"checkins":[`, 'utf8'),
      ...this.chunks,
      Buffer.from(']}', 'utf8'),
    ];
  }
}
