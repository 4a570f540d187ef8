import type { AdminEntry, Checkin, Db, PlansState, RosterUnit } from '../db-schema.js';

/** How many processed message ids the copy in memory keeps (the table keeps them for 90 days). */
export const MIRROR_SEEN_LIMIT = 5000;

/** A change as written to `change_log` and applied by the other replicas to their copy in memory. */
export type ChangeOp =
  | { t: 'upd'; v: Checkin[] }
  | { t: 'seen'; v: string[] }
  | { t: 'unit'; id: string; pos: number; v: RosterUnit | null }
  | { t: 'roster'; v: RosterUnit[] }
  | { t: 'set'; k: 'rosterSeed'; v: string | null }
  | { t: 'plans'; v: PlansState }
  | { t: 'admin'; id: string; v: AdminEntry | null }
  | {
      t: 'put';
      k: 'pending' | 'jobs' | 'outbox' | 'inbox' | 'escalations' | 'rounds' | 'deadlines' | 'usedLinks';
      id: string;
      v: unknown;
    };

/** The key a change is about, for ordering a replica's own writes against older ones of others. */
export function versionKey(table: string, id: string): string {
  return `${table}\u0000${id}`;
}

/**
 * The PostgreSQL store's copy of the data in memory (the `Db` every feature reads), with the indexes that applying
 * changes needs: check-ins by id (changed in place, so that the roster's index of them stays valid) and the set of
 * processed ids.
 */
export class Mirror {
  readonly byId = new Map<string, Checkin>();
  private seenSet = new Set<string>();

  constructor(public data: Db) {
    this.reindex();
  }

  /** Rebuilds the indexes after `data` was replaced. */
  reindex(): void {
    this.byId.clear();
    for (const c of this.data.checkins) this.byId.set(c.id, c);
    this.seenSet = new Set(this.data.seen);
  }

  /** True when a message id is among the processed ones held in memory. */
  seen(id: string): boolean {
    return this.seenSet.has(id);
  }

  /** Records processed ids (bounded list, oldest dropped). */
  addSeen(ids: string[]): void {
    const seen = this.data.seen;
    for (const id of ids) {
      if (this.seenSet.has(id)) continue;
      this.seenSet.add(id);
      seen.push(id);
    }
    if (seen.length > MIRROR_SEEN_LIMIT)
      for (const old of seen.splice(0, seen.length - MIRROR_SEEN_LIMIT)) this.seenSet.delete(old);
  }

  /** Adds a record, or changes the one with its id in place. */
  upsertCheckin(c: Checkin): void {
    const old = this.byId.get(c.id);
    if (!old) {
      this.byId.set(c.id, c);
      this.data.checkins.push(c);
      return;
    }
    replaceFields(old, c);
  }

  /** Removes records (a rolled-back append): a new array, so that indexes built on the old one are rebuilt. */
  removeCheckins(records: Set<Checkin>): void {
    this.data.checkins = this.data.checkins.filter((c) => !records.has(c));
    for (const c of records) if (this.byId.get(c.id) === c) this.byId.delete(c.id);
  }

  /** Puts a roster unit (or removes it with null) at its position. */
  putUnit(name: string, pos: number, unit: RosterUnit | null): void {
    const roster = this.data.roster;
    const i = roster.findIndex((u) => u.unit === name);
    if (unit === null) {
      if (i >= 0) roster.splice(i, 1);
    } else if (i >= 0) roster[i] = unit;
    else roster.splice(Math.min(pos, roster.length), 0, unit);
  }

  /** Puts an admin added in chat (`platform:id`), or removes them with null; the list is absent until the first. */
  putAdmin(key: string, v: AdminEntry | null): void {
    const list = this.data.admins ?? [];
    const i = list.findIndex((a) => `${a.platform}:${a.id}` === key);
    if (v === null) {
      if (i >= 0) this.data.admins = list.filter((_, j) => j !== i);
    } else if (i >= 0) this.data.admins = list.map((a, j) => (j === i ? v : a));
    else this.data.admins = [...list, v];
  }

  /** Applies one change of another replica; `skip(key)` is true for keys this replica has written since. */
  apply(op: ChangeOp, skip: (key: string) => boolean): void {
    const d = this.data as unknown as Record<string, unknown>;
    switch (op.t) {
      case 'upd':
        for (const c of op.v) if (!skip(versionKey('checkins', c.id))) this.upsertCheckin(c);
        return;
      case 'seen':
        this.addSeen(op.v);
        return;
      case 'unit':
        if (!skip(versionKey('units', op.id))) this.putUnit(op.id, op.pos, op.v);
        return;
      case 'roster':
        this.data.roster = op.v;
        return;
      case 'plans':
        if (!skip(versionKey('plans', 'state'))) this.data.plans = op.v;
        return;
      case 'admin':
        if (!skip(versionKey('admins', op.id))) this.putAdmin(op.id, op.v);
        return;
      case 'set':
        if (op.v === null) delete this.data.rosterSeed;
        else this.data.rosterSeed = op.v;
        return;
      case 'put': {
        if (skip(versionKey(op.k, op.id))) return;
        d[op.k] ??= {};
        const m = d[op.k] as Record<string, unknown>;
        if (op.v === null) delete m[op.id];
        else m[op.id] = op.v;
        return;
      }
    }
  }
}

/** Makes `target` hold exactly the fields of `source` (the same object stays in every index). */
export function replaceFields(target: object, source: object): void {
  const t = target as Record<string, unknown>;
  for (const k of Object.keys(t)) delete t[k];
  Object.assign(t, source);
}
