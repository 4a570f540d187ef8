import type { ClientBase } from 'pg';
import type { AdminEntry, Checkin, InboxEntry, OutboxEntry, PlansState, RosterUnit } from '../db-schema.js';
import type { KeyedMapKey } from './pg-load.js';
import type { ChangeOp } from './pg-mirror.js';
import {
  adminRow,
  CHECKIN_COLUMNS,
  checkinRow,
  evidenceRows,
  inboxRow,
  KEYED_MAPS,
  OUTBOX_COLUMNS,
  outboxRow,
  unitRows,
} from './pg-rows.js';

/** How a keyed row changes: a new row, a change of an existing one, either, or its removal. */
export type Kind = 'insert' | 'update' | 'upsert' | 'delete';

/** A keyed change with the value it leaves (none for a removal). */
export interface Change<T> {
  kind: Kind;
  v?: T;
}

/**
 * What one unit of work (a message's handling, a weekly job, a delivery) changed, with the values taken from memory
 * when it committed; several are merged into one transaction. Check-ins are never removed, so they are upserted.
 */
export interface Delta {
  checkins: Map<string, Checkin>;
  /** Check-ins first stored by this delta (no evidence rows to replace). */
  newCheckins: Set<string>;
  /** Roster units touched: their state and position now, null when removed. */
  units: Map<string, { pos: number; unit: RosterUnit } | null>;
  /** The whole roster was replaced (units not listed are removed). */
  rosterReplace: boolean;
  /** The roster seed hash, when it changed (null: removed). */
  seed?: { v: string | null };
  pending: Map<string, { text: string; at: string } | null>;
  jobs: Map<string, string | null>;
  outbox: Map<string, Change<OutboxEntry>>;
  inbox: Map<string, Change<InboxEntry>>;
  /** Entries of the keyed maps (escalations, rounds, deadlines, used login links) by key; null: removed. */
  keyed: Map<KeyedMapKey, Map<string, unknown>>;
  /** The plans state (chats' default plans, plans stopped, the legacy plan), when it changed. */
  plans?: PlansState;
  /** Admins added in chat by `platform:id`; null: removed. */
  admins: Map<string, AdminEntry | null>;
  /** Message ids claimed (processed_messages rows inserted). */
  seen: string[];
}

/** A delta with no change. */
export function emptyDelta(): Delta {
  return {
    checkins: new Map(),
    newCheckins: new Set(),
    units: new Map(),
    rosterReplace: false,
    pending: new Map(),
    jobs: new Map(),
    outbox: new Map(),
    inbox: new Map(),
    keyed: new Map(),
    admins: new Map(),
    seen: [],
  };
}

/** The kind two successive changes of one key amount to (undefined: nothing, a row added and removed again). */
export function mergeKind(before: Kind | undefined, after: Kind): Kind | undefined {
  if (!before) return after;
  if (after === 'delete') return before === 'insert' ? undefined : 'delete';
  if (before === 'insert') return 'insert';
  if (before === 'delete' || before === 'upsert' || after !== 'update') return 'upsert';
  return 'update';
}

function mergeChanges<T>(into: Map<string, Change<T>>, from: Map<string, Change<T>>): void {
  for (const [k, c] of from) {
    const kind = mergeKind(into.get(k)?.kind, c.kind);
    if (kind === undefined) into.delete(k);
    else into.set(k, { kind, ...(c.v !== undefined ? { v: c.v } : {}) });
  }
}

/** Adds a later delta's changes to `into` (later values win). */
export function mergeDelta(into: Delta, d: Delta): void {
  for (const [k, v] of d.checkins) into.checkins.set(k, v);
  for (const k of d.newCheckins) into.newCheckins.add(k);
  if (d.rosterReplace) {
    into.rosterReplace = true;
    into.units.clear();
  }
  for (const [k, v] of d.units) into.units.set(k, v);
  if (d.seed) into.seed = d.seed;
  if (d.plans) into.plans = d.plans;
  for (const [k, v] of d.admins) into.admins.set(k, v);
  for (const [k, v] of d.pending) into.pending.set(k, v);
  for (const [k, v] of d.jobs) into.jobs.set(k, v);
  mergeChanges(into.outbox, d.outbox);
  mergeChanges(into.inbox, d.inbox);
  for (const [k, m] of d.keyed) {
    const target = into.keyed.get(k) ?? new Map<string, unknown>();
    for (const [id, v] of m) target.set(id, v);
    into.keyed.set(k, target);
  }
  into.seen.push(...d.seen);
}

/** True when a delta changes nothing. */
export function isEmpty(d: Delta): boolean {
  return (
    d.checkins.size === 0 &&
    d.units.size === 0 &&
    !d.rosterReplace &&
    !d.seed &&
    !d.plans &&
    d.admins.size === 0 &&
    d.pending.size === 0 &&
    d.jobs.size === 0 &&
    d.outbox.size === 0 &&
    d.inbox.size === 0 &&
    [...d.keyed.values()].every((m) => m.size === 0) &&
    d.seen.length === 0
  );
}

// Characters a PostgreSQL text or json value cannot hold (NUL, lone surrogates): replaced when written. Built from
// a string: a regex literal may not spell a control character.
const UNSTORABLE_SOURCE =
  '\\u0000|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const UNSTORABLE = new RegExp(UNSTORABLE_SOURCE);
const UNSTORABLE_ALL = new RegExp(UNSTORABLE_SOURCE, 'g');

/** Rows as one JSON parameter, with what PostgreSQL cannot store in a string replaced by U+FFFD. */
export function rowsJson(rows: unknown[]): string {
  return JSON.stringify(rows, (_k, v: unknown) =>
    typeof v === 'string' && UNSTORABLE.test(v) ? v.replace(UNSTORABLE_ALL, '\uFFFD') : v,
  );
}

/** The columns of each keyed map's table other than its key. */
const KEYED_MAP_COLUMNS = {
  escalations: ['unit', 'plan', 'reason', 'level', 'week', 'at', 'why', 'sent_to', 'follows', 'resolved'],
  rounds: ['plan', 'week', 'at', 'units'],
  deadlines: ['plan', 'task', 'date', 'by_platform', 'by_id', 'by_name', 'at'],
  usedLinks: ['expires_at'],
} satisfies Record<KeyedMapKey, string[]>;

const cols = (names: string[], prefix = '') => names.map((n) => `${prefix}${n}`).join(', ');
const assign = (names: string[], from: string) =>
  names
    .filter((n) => n !== 'id')
    .map((n) => `${n} = ${from}.${n}`)
    .join(', ');

type Row = Record<string, unknown>;

/** The rows of a change map by kind. */
function byKind<T>(m: Map<string, Change<T>>, row: (v: T) => Row) {
  const out: Record<Kind, Row[]> & { deleted: string[] } = {
    insert: [],
    update: [],
    upsert: [],
    delete: [],
    deleted: [],
  };
  for (const [k, c] of m) {
    if (c.kind === 'delete') out.deleted.push(k);
    else if (c.v !== undefined) out[c.kind].push(row(c.v));
  }
  return out;
}

/**
 * Writes a merged delta inside the caller's transaction (claims are written by the caller first). A statement per
 * table and kind, each with its rows as one JSON parameter. Returns the inbox entries that were not inserted (kept
 * already, or handled meanwhile).
 */
export async function writeDelta(client: ClientBase, d: Delta): Promise<string[]> {
  const q = (sql: string, params: unknown[]) => client.query(sql, params);
  const notKept: string[] = [];
  if (d.checkins.size) {
    const records = [...d.checkins.values()];
    await q(
      `INSERT INTO checkins (${cols(CHECKIN_COLUMNS)}) SELECT ${cols(CHECKIN_COLUMNS)} FROM json_populate_recordset(null::checkins, $1::json)
       ON CONFLICT (id) DO UPDATE SET ${assign(CHECKIN_COLUMNS, 'EXCLUDED')}`,
      [rowsJson(records.map(checkinRow))],
    );
    const changed = records.filter((c) => !d.newCheckins.has(c.id)).map((c) => c.id);
    if (changed.length) await q('DELETE FROM evidence WHERE checkin_id = ANY($1::text[])', [changed]);
    const ev = records.flatMap(evidenceRows);
    if (ev.length)
      await q('INSERT INTO evidence SELECT * FROM json_populate_recordset(null::evidence, $1::json)', [
        rowsJson(ev),
      ]);
  }
  if (d.rosterReplace) await q('DELETE FROM roster_units', []);
  if (d.units.size) {
    await q('DELETE FROM roster_units WHERE unit = ANY($1::text[])', [[...d.units.keys()]]);
    const present = [...d.units.values()].flatMap((u) => (u ? [unitRows(u.unit, u.pos)] : []));
    if (present.length) {
      await q(
        'INSERT INTO roster_units SELECT * FROM json_populate_recordset(null::roster_units, $1::json)',
        [rowsJson(present.map((p) => p.unit))],
      );
      const members = present.flatMap((p) => p.members);
      if (members.length)
        await q(
          'INSERT INTO roster_members SELECT * FROM json_populate_recordset(null::roster_members, $1::json)',
          [rowsJson(members)],
        );
    }
  }
  if (d.seed) {
    if (d.seed.v === null) await q(`DELETE FROM settings WHERE key = 'roster_seed'`, []);
    else
      await q(
        `INSERT INTO settings (key, value) VALUES ('roster_seed', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
        [d.seed.v],
      );
  }
  if (d.plans) await writePlans(client, d.plans);
  if (d.admins.size) await writeAdmins(client, d.admins);
  await writeKeyed(
    client,
    d.pending,
    'pending',
    'conversation',
    (k, v) => ({ conversation: k, text: v.text, at: v.at }),
    ['text', 'at'],
  );
  await writeKeyed(client, d.jobs, 'jobs', 'key', (k, v) => ({ key: k, ran_at: v }), ['ran_at']);
  for (const [k, m] of d.keyed) {
    const row = KEYED_MAPS[k].row as (key: string, v: unknown) => Row;
    await writeKeyed(client, m, KEYED_MAPS[k].table, 'key', row, KEYED_MAP_COLUMNS[k]);
  }
  if (d.outbox.size) {
    const o = byKind(d.outbox, outboxRow);
    const src = `json_populate_recordset(null::outbox, $1::json)`;
    if (o.insert.length)
      await q(
        `INSERT INTO outbox (${cols(OUTBOX_COLUMNS)}) SELECT ${cols(OUTBOX_COLUMNS)} FROM ${src} ON CONFLICT (id) DO NOTHING`,
        [rowsJson(o.insert)],
      );
    // a change (a failed attempt, a retry) ends the lease of the replica that was sending it; an entry delivered
    // meanwhile by another replica stays delivered (update, not upsert)
    if (o.update.length)
      await q(
        `UPDATE outbox o SET ${assign(OUTBOX_COLUMNS, 'r')}, taken_by = NULL, taken_until = NULL FROM ${src} r WHERE o.id = r.id`,
        [rowsJson(o.update)],
      );
    if (o.upsert.length)
      await q(
        `INSERT INTO outbox (${cols(OUTBOX_COLUMNS)}) SELECT ${cols(OUTBOX_COLUMNS)} FROM ${src}
         ON CONFLICT (id) DO UPDATE SET ${assign(OUTBOX_COLUMNS, 'EXCLUDED')}, taken_by = NULL, taken_until = NULL`,
        [rowsJson(o.upsert)],
      );
    if (o.deleted.length) await q('DELETE FROM outbox WHERE id = ANY($1::text[])', [o.deleted]);
  }
  if (d.inbox.size) {
    const i = byKind(d.inbox, inboxRow);
    const fresh = [...i.insert, ...i.upsert, ...i.update];
    // a message another replica has handled meanwhile is not kept again
    if (fresh.length) {
      const r = await q(
        `INSERT INTO inbox SELECT r.* FROM json_populate_recordset(null::inbox, $1::json) r
         WHERE NOT EXISTS (SELECT 1 FROM processed_messages p WHERE p.id = r.id) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [rowsJson(fresh)],
      );
      const kept = new Set(r.rows.map((row) => row.id as string));
      notKept.push(...fresh.map((row) => row.id as string).filter((id) => !kept.has(id)));
    }
    if (i.deleted.length) await q('DELETE FROM inbox WHERE id = ANY($1::text[])', [i.deleted]);
  }
  return notKept;
}

/** Replaces the plans state: the chats' default plans, the plans stopped, the legacy plan. */
async function writePlans(client: ClientBase, p: PlansState): Promise<void> {
  await client.query('DELETE FROM plan_chats');
  await client.query('DELETE FROM stopped_plans');
  const chats = Object.entries(p.chats);
  if (chats.length)
    await client.query('INSERT INTO plan_chats (chat, plan) SELECT * FROM unnest($1::text[], $2::text[])', [
      chats.map(([c]) => c),
      chats.map(([, plan]) => plan),
    ]);
  if (p.stopped.length)
    await client.query('INSERT INTO stopped_plans (plan) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [
      p.stopped,
    ]);
  if (p.legacy === undefined) await client.query(`DELETE FROM settings WHERE key = 'plans_legacy'`);
  else
    await client.query(
      `INSERT INTO settings (key, value) VALUES ('plans_legacy', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [p.legacy],
    );
}

/** Adds, changes and removes admins added in chat, row by row (two replicas adding different admins keep both). */
async function writeAdmins(client: ClientBase, m: Map<string, AdminEntry | null>): Promise<void> {
  const gone: string[] = [];
  const put: AdminEntry[] = [];
  for (const [k, v] of m) {
    if (v === null) gone.push(k);
    else put.push(v);
  }
  if (gone.length)
    await client.query(`DELETE FROM admins WHERE platform || ':' || id = ANY($1::text[])`, [gone]);
  if (put.length)
    await client.query(
      `INSERT INTO admins (platform, id, name, added_by, added_at)
       SELECT platform, id, name, added_by, added_at FROM json_populate_recordset(null::admins, $1::json)
       ON CONFLICT (platform, id) DO UPDATE SET name = EXCLUDED.name, added_by = EXCLUDED.added_by, added_at = EXCLUDED.added_at`,
      [rowsJson(put.map(adminRow))],
    );
}

/** Upserts and deletes of a table keyed by one text column. */
async function writeKeyed<T>(
  client: ClientBase,
  m: Map<string, T | null>,
  table: string,
  key: string,
  row: (k: string, v: T) => Row,
  columns: string[],
): Promise<void> {
  if (m.size === 0) return;
  const put: Row[] = [];
  const gone: string[] = [];
  for (const [k, v] of m) {
    if (v === null) gone.push(k);
    else put.push(row(k, v));
  }
  if (gone.length) await client.query(`DELETE FROM ${table} WHERE ${key} = ANY($1::text[])`, [gone]);
  if (put.length) {
    const names = [key, ...columns];
    await client.query(
      `INSERT INTO ${table} (${cols(names)}) SELECT ${cols(names)} FROM json_populate_recordset(null::${table}, $1::json)
       ON CONFLICT (${key}) DO UPDATE SET ${columns.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
      [rowsJson(put)],
    );
  }
}

/** The change-log entries of a delta, for the other replicas' copies in memory. */
export function deltaOps(d: Delta): ChangeOp[] {
  const ops: ChangeOp[] = [];
  if (d.checkins.size) ops.push({ t: 'upd', v: [...d.checkins.values()] });
  if (d.seen.length) ops.push({ t: 'seen', v: d.seen });
  for (const [id, u] of d.units) {
    if (d.rosterReplace) break;
    ops.push({ t: 'unit', id, pos: u?.pos ?? 0, v: u?.unit ?? null });
  }
  if (d.rosterReplace)
    ops.push({
      t: 'roster',
      v: [...d.units.values()]
        .flatMap((u) => (u ? [u] : []))
        .sort((a, b) => a.pos - b.pos)
        .map((u) => u.unit),
    });
  if (d.seed) ops.push({ t: 'set', k: 'rosterSeed', v: d.seed.v });
  if (d.plans) ops.push({ t: 'plans', v: d.plans });
  for (const [id, v] of d.admins) ops.push({ t: 'admin', id, v });
  for (const [k, m] of [['pending', d.pending], ['jobs', d.jobs], ...d.keyed] as const)
    for (const [id, v] of m) ops.push({ t: 'put', k, id, v });
  for (const [k, m] of [
    ['outbox', d.outbox],
    ['inbox', d.inbox],
  ] as const)
    for (const [id, c] of m as Map<string, Change<unknown>>)
      ops.push({ t: 'put', k, id, v: c.kind === 'delete' ? null : (c.v ?? null) });
  return ops;
}
