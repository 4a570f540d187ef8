import type { Checkin, Db } from './db-schema.js';

/** Keys of the database held whole and journalled whole when they change (small). */
export const WHOLE_KEYS = ['roster', 'rosterSeed', 'plans', 'admins'] as const;
/** Keys of the database that are maps: journalled entry by entry. */
export const MAP_KEYS = [
  'jobs',
  'pending',
  'outbox',
  'inbox',
  'escalations',
  'rounds',
  'deadlines',
  'usedLinks',
] as const;
/** Map keys that older data lacks (supervision, web links): written to a snapshot only when they hold entries. */
const OPTIONAL_MAP_KEYS: ReadonlySet<string> = new Set(['escalations', 'rounds', 'deadlines', 'usedLinks']);
type WholeKey = (typeof WHOLE_KEYS)[number];
type MapKey = (typeof MAP_KEYS)[number];

/** One change in a journal line. */
export type Op =
  | { t: 'add'; v: Checkin[] }
  | { t: 'upd'; v: Checkin[] }
  | { t: 'seen'; v: string[] }
  | { t: 'set'; k: WholeKey; v: unknown }
  | { t: 'put'; k: MapKey; id: string; v: unknown };

/** The durable state as JSON strings per key, and the count of check-ins on disk. */
interface Base {
  whole: Map<WholeKey, string | undefined>;
  maps: Map<MapKey, Map<string, string>>;
  checkins: number;
}

/** One batch of changes taken from memory: its journal ops (encoded) and what undoes it. */
export interface Batch {
  /** JSON of each op, in replay order. */
  ops: string[];
  next: Base;
  undo: Map<Checkin, string>;
  seen: string[];
}

function capture(data: Db): Base {
  const whole = new Map<WholeKey, string | undefined>();
  for (const k of WHOLE_KEYS) whole.set(k, data[k] === undefined ? undefined : JSON.stringify(data[k]));
  const maps = new Map<MapKey, Map<string, string>>();
  for (const k of MAP_KEYS) {
    const m = new Map<string, string>();
    for (const [id, v] of Object.entries(data[k] ?? {})) m.set(id, JSON.stringify(v));
    maps.set(k, m);
  }
  return { whole, maps, checkins: data.checkins.length };
}

/**
 * Turns the changes the core makes to the in-memory database into journal operations, and undoes them when they
 * could not be written. Check-ins are appended (and changed in place only through `changeCheckins`), processed
 * ids are recorded through `seen`, and the small keys are compared as JSON with their durable state, so a change
 * costs what it changes, not what is stored.
 */
export class ChangeTracker {
  private base: Base;
  private undo = new Map<Checkin, string>();
  private changed = new Set<Checkin>();
  private seen: string[] = [];
  private inflight?: Batch;

  constructor(data: Db) {
    this.base = capture(data);
  }

  /** Records the state of check-ins before they are changed in place. */
  beforeChange(records: Checkin[]): void {
    for (const r of records) {
      if (!this.undo.has(r)) this.undo.set(r, JSON.stringify(r));
      this.changed.add(r);
    }
  }

  /** Records a processed message id added to `seen`. */
  addedSeen(id: string): void {
    this.seen.push(id);
  }

  /** The changes since the last batch, as journal ops (empty when nothing changed). */
  take(data: Db): Batch {
    const ops: string[] = [];
    const b = this.base;
    if (data.checkins.length > b.checkins)
      ops.push(`{"t":"add","v":${JSON.stringify(data.checkins.slice(b.checkins))}}`);
    if (this.changed.size) ops.push(`{"t":"upd","v":${JSON.stringify([...this.changed])}}`);
    if (this.seen.length) ops.push(`{"t":"seen","v":${JSON.stringify(this.seen)}}`);
    const whole = new Map<WholeKey, string | undefined>();
    for (const k of WHOLE_KEYS) {
      const s = data[k] === undefined ? undefined : JSON.stringify(data[k]);
      whole.set(k, s);
      if (s !== b.whole.get(k)) ops.push(`{"t":"set","k":"${k}","v":${s ?? 'null'}}`);
    }
    const maps = new Map<MapKey, Map<string, string>>();
    for (const k of MAP_KEYS) {
      const before = b.maps.get(k) ?? new Map<string, string>();
      const now = new Map<string, string>();
      for (const [id, v] of Object.entries(data[k] ?? {})) {
        const s = JSON.stringify(v);
        now.set(id, s);
        if (before.get(id) !== s) ops.push(`{"t":"put","k":"${k}","id":${JSON.stringify(id)},"v":${s}}`);
      }
      for (const id of before.keys())
        if (!now.has(id)) ops.push(`{"t":"put","k":"${k}","id":${JSON.stringify(id)},"v":null}`);
      maps.set(k, now);
    }
    const batch: Batch = {
      ops,
      next: { whole, maps, checkins: data.checkins.length },
      undo: this.undo,
      seen: this.seen,
    };
    this.inflight = batch;
    this.undo = new Map();
    this.changed = new Set();
    this.seen = [];
    return batch;
  }

  /** The batch is on disk: it becomes the durable state. */
  accept(batch: Batch): void {
    this.base = batch.next;
    this.inflight = undefined;
  }

  /**
   * The durable state, for a snapshot: the head as JSON (every key but the check-ins), the check-ins on disk, and
   * an encoder that gives a record's durable JSON when it has changes not yet written.
   */
  durable(
    data: Db,
    version: string,
  ): { head: (seq: number) => string; checkins: Checkin[]; encode: (c: Checkin) => string } {
    const b = this.base;
    const uncommitted = new Set(this.seen);
    const seen = JSON.stringify(
      uncommitted.size ? data.seen.filter((id) => !uncommitted.has(id)) : data.seen,
    );
    const parts: string[] = [];
    for (const k of WHOLE_KEYS) {
      const s = b.whole.get(k);
      if (s !== undefined) parts.push(`"${k}":${s}`);
    }
    parts.push(`"seen":${seen}`);
    for (const k of MAP_KEYS) {
      const entries = [...(b.maps.get(k) ?? [])].map(([id, s]) => `${JSON.stringify(id)}:${s}`);
      if (entries.length === 0 && OPTIONAL_MAP_KEYS.has(k)) continue;
      parts.push(`"${k}":{${entries.join(',')}}`);
    }
    const body = parts.join(',');
    const checkins = data.checkins.slice(0, b.checkins);
    return {
      head: (seq) =>
        `{"schemaVersion":${data.schemaVersion},"writtenBy":${JSON.stringify(version)},"journalSeq":${seq},${body}}`,
      checkins,
      encode: (c) => this.undo.get(c) ?? this.inflight?.undo.get(c) ?? JSON.stringify(c),
    };
  }

  /** The batch could not be written: memory goes back to the durable state, dropping every later change too. */
  rollback(data: Db, batch: Batch): void {
    for (const undo of [this.undo, batch.undo]) {
      for (const [record, json] of undo) {
        for (const key of Object.keys(record)) delete (record as Record<string, unknown>)[key];
        Object.assign(record, JSON.parse(json));
      }
    }
    data.checkins.length = Math.min(data.checkins.length, this.base.checkins);
    const dropped = new Set([...batch.seen, ...this.seen]);
    if (dropped.size) data.seen = data.seen.filter((id) => !dropped.has(id));
    const d = data as unknown as Record<string, unknown>;
    for (const k of WHOLE_KEYS) {
      const s = this.base.whole.get(k);
      if (s === undefined) delete d[k];
      else d[k] = JSON.parse(s);
    }
    for (const k of MAP_KEYS) {
      const m: Record<string, unknown> = {};
      for (const [id, s] of this.base.maps.get(k) ?? []) m[id] = JSON.parse(s);
      d[k] = m;
    }
    this.undo = new Map();
    this.changed = new Set();
    this.seen = [];
    this.inflight = undefined;
  }
}

/** Applies one journal line's ops to a database being recovered; `index` maps check-in ids to positions. */
export function applyOps(data: Db, ops: Op[], index: Map<string, number>, seenLimit: number): void {
  const d = data as unknown as Record<string, unknown>;
  for (const op of ops) {
    if (op.t === 'add') {
      for (const c of op.v) {
        index.set(c.id, data.checkins.length);
        data.checkins.push(c);
      }
    } else if (op.t === 'upd') {
      for (const c of op.v) {
        const i = index.get(c.id);
        if (i === undefined) {
          index.set(c.id, data.checkins.length);
          data.checkins.push(c);
        } else data.checkins[i] = c;
      }
    } else if (op.t === 'seen') {
      data.seen.push(...op.v);
      if (data.seen.length > seenLimit) data.seen.splice(0, data.seen.length - seenLimit);
    } else if (op.t === 'set') {
      if (op.v === null) delete d[op.k];
      else d[op.k] = op.v;
    } else {
      d[op.k] ??= {};
      const m = d[op.k] as Record<string, unknown>;
      if (op.v === null) delete m[op.id];
      else m[op.id] = op.v;
    }
  }
}
