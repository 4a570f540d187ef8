import type { ClientBase, Pool } from 'pg';
import {
  type AdminEntry,
  type Checkin,
  type Db,
  type Evidence,
  emptyDb,
  type PlansState,
  type RosterUnit,
} from '../db-schema.js';
import { SINGLE_PLAN_ID } from '../read-snapshot.js';
import { StoreError } from '../store-error.js';
import { checkNotNewer, latestSchemaVersion, schemaVersion } from './migrate-schema.js';
import { MIRROR_SEEN_LIMIT } from './pg-mirror.js';
import {
  adminKey,
  adminOf,
  checkinOf,
  evidenceOf,
  inboxOf,
  instantOf,
  KEYED_MAPS,
  outboxOf,
  unitOf,
} from './pg-rows.js';
import { maskUrl } from './pg-url.js';

/** The keyed maps of the data (supervision, used login links), each a table keyed by `key`. */
export type KeyedMapKey = keyof typeof KEYED_MAPS;
export const KEYED_MAP_KEYS = Object.keys(KEYED_MAPS) as KeyedMapKey[];

type Row = Record<string, unknown>;

/** Evidence rows grouped by check-in id, in order. */
function evidenceByCheckin(rows: Row[]): Map<string, Evidence[]> {
  const out = new Map<string, Evidence[]>();
  for (const r of rows) {
    const id = r.checkin_id as string;
    const list = out.get(id);
    if (list) list.push(evidenceOf(r));
    else out.set(id, [evidenceOf(r)]);
  }
  return out;
}

/** Roster units (ordered) from unit rows and member rows. */
function rosterOf(units: Row[], members: Row[]): RosterUnit[] {
  const byUnit = new Map<string, Row[]>();
  for (const m of members) {
    const list = byUnit.get(m.unit as string);
    if (list) list.push(m);
    else byUnit.set(m.unit as string, [m]);
  }
  return units.map((u) => unitOf(u, byUnit.get(u.unit as string) ?? []));
}

/**
 * Reads the whole database into the bot's `Db` shape, with the change-log position it reflects; the caller runs it
 * in one REPEATABLE READ transaction so that the tables and the position agree.
 */
export async function loadDb(
  client: ClientBase,
  legacyPlan = SINGLE_PLAN_ID,
): Promise<{ db: Db; seq: number; prunedThrough: number }> {
  const q = async (sql: string) => (await client.query(sql)).rows as Row[];
  const db = emptyDb();
  const settings = new Map(
    (await q('SELECT key, value FROM settings')).map((r) => [r.key, r.value as string]),
  );
  db.plans = await loadPlans(client, settings.get('plans_legacy'));
  // records stored before plans are filed under the plan the bot had then (written into them at a start)
  const legacy = db.plans.legacy ?? legacyPlan;
  const evidence = evidenceByCheckin(await q('SELECT * FROM evidence ORDER BY checkin_id, n'));
  db.checkins = (await q('SELECT * FROM checkins ORDER BY pos')).map((r) => {
    if (r.plan === null) db.plans.legacy ??= legacy;
    return checkinOf(r, evidence.get(r.id as string), legacy);
  });
  db.roster = rosterOf(
    await q('SELECT * FROM roster_units ORDER BY pos, unit'),
    await q('SELECT * FROM roster_members ORDER BY unit, pos'),
  );
  const seed = settings.get('roster_seed');
  if (seed !== undefined) db.rosterSeed = seed;
  // admins added in chat, in the order they were added; absent when none, as in the JSON store
  const admins = (await q('SELECT * FROM admins ORDER BY added_at, platform, id')).map(adminOf);
  if (admins.length) db.admins = admins;
  db.seen = (
    await q(
      `SELECT id FROM (SELECT id, handled_at FROM processed_messages ORDER BY handled_at DESC, id DESC LIMIT ${MIRROR_SEEN_LIMIT}) s ORDER BY handled_at, id`,
    )
  ).map((r) => r.id as string);
  for (const r of await q('SELECT key, ran_at FROM jobs ORDER BY key'))
    db.jobs[r.key as string] = instantOf(r.ran_at);
  for (const r of await q('SELECT * FROM pending ORDER BY conversation'))
    db.pending[r.conversation as string] = { text: r.text as string, at: instantOf(r.at) };
  for (const r of await q('SELECT * FROM outbox ORDER BY created_at, id'))
    db.outbox[r.id as string] = outboxOf(r);
  for (const r of await q('SELECT * FROM inbox ORDER BY received_at, id'))
    db.inbox[r.id as string] = inboxOf(r);
  // keyed maps: absent when empty, as in data written before supervision and the web view
  for (const k of KEYED_MAP_KEYS) {
    const rows = await q(`SELECT * FROM ${KEYED_MAPS[k].table} ORDER BY key`);
    if (rows.length === 0) continue;
    const m: Record<string, unknown> = {};
    for (const r of rows) m[r.key as string] = KEYED_MAPS[k].of(r);
    (db as Record<string, unknown>)[k] = m;
  }
  const seq = Number((await q('SELECT coalesce(max(seq), 0) AS seq FROM change_log'))[0]?.seq ?? 0);
  return { db, seq, prunedThrough: Number(settings.get('change_log_pruned_through') ?? 0) };
}

/** The plans state: the legacy plan (from settings), each chat's default plan, the plans stopped. */
async function loadPlans(client: ClientBase, legacy: string | undefined): Promise<PlansState> {
  const chats: Record<string, string> = {};
  for (const r of (await client.query('SELECT chat, plan FROM plan_chats ORDER BY chat')).rows as Row[])
    chats[r.chat as string] = r.plan as string;
  const stopped = ((await client.query('SELECT plan FROM stopped_plans ORDER BY plan')).rows as Row[]).map(
    (r) => r.plan as string,
  );
  return { ...(legacy !== undefined ? { legacy } : {}), chats, stopped };
}

/** The current rows of some keys, per table (absent keys: removed), to correct the copy in memory. */
export interface KeyRows {
  checkins: Map<string, Checkin | null>;
  units: Map<string, { pos: number; unit: RosterUnit } | null>;
  seed?: string | null;
  pending: Map<string, { text: string; at: string } | null>;
  jobs: Map<string, string | null>;
  outbox: Map<string, unknown>;
  inbox: Map<string, unknown>;
  keyed: Map<KeyedMapKey, Map<string, unknown>>;
  plans?: PlansState;
  admins: Map<string, AdminEntry | null>;
}

/** Reads the rows of the given keys (table → ids). */
export async function loadKeys(
  client: ClientBase,
  keys: Map<string, string[]>,
  legacyPlan = SINGLE_PLAN_ID,
): Promise<KeyRows> {
  const q = async (sql: string, ids: string[]) => (await client.query(sql, [ids])).rows as Row[];
  const out: KeyRows = {
    checkins: new Map(),
    units: new Map(),
    pending: new Map(),
    jobs: new Map(),
    outbox: new Map(),
    inbox: new Map(),
    keyed: new Map(),
    admins: new Map(),
  };
  const ids = (t: string) => keys.get(t) ?? [];
  if (ids('checkins').length) {
    const ev = evidenceByCheckin(
      await q(
        'SELECT * FROM evidence WHERE checkin_id = ANY($1::text[]) ORDER BY checkin_id, n',
        ids('checkins'),
      ),
    );
    for (const id of ids('checkins')) out.checkins.set(id, null);
    for (const r of await q('SELECT * FROM checkins WHERE id = ANY($1::text[])', ids('checkins')))
      out.checkins.set(r.id as string, checkinOf(r, ev.get(r.id as string), legacyPlan));
  }
  if (ids('units').length) {
    const units = await q('SELECT * FROM roster_units WHERE unit = ANY($1::text[])', ids('units'));
    const members = await q(
      'SELECT * FROM roster_members WHERE unit = ANY($1::text[]) ORDER BY unit, pos',
      ids('units'),
    );
    for (const id of ids('units')) out.units.set(id, null);
    const roster = rosterOf(units, members);
    units.forEach((u, i) => {
      out.units.set(u.unit as string, { pos: u.pos as number, unit: roster[i] as RosterUnit });
    });
  }
  if (ids('seed').length) {
    const r = await q(`SELECT value FROM settings WHERE key = ANY($1::text[])`, ['roster_seed']);
    out.seed = (r[0]?.value as string | undefined) ?? null;
  }
  if (ids('pending').length) {
    for (const id of ids('pending')) out.pending.set(id, null);
    for (const r of await q('SELECT * FROM pending WHERE conversation = ANY($1::text[])', ids('pending')))
      out.pending.set(r.conversation as string, { text: r.text as string, at: instantOf(r.at) });
  }
  if (ids('jobs').length) {
    for (const id of ids('jobs')) out.jobs.set(id, null);
    for (const r of await q('SELECT key, ran_at FROM jobs WHERE key = ANY($1::text[])', ids('jobs')))
      out.jobs.set(r.key as string, instantOf(r.ran_at));
  }
  if (ids('outbox').length) {
    for (const id of ids('outbox')) out.outbox.set(id, null);
    for (const r of await q('SELECT * FROM outbox WHERE id = ANY($1::text[])', ids('outbox')))
      out.outbox.set(r.id as string, outboxOf(r));
  }
  if (ids('inbox').length) {
    for (const id of ids('inbox')) out.inbox.set(id, null);
    for (const r of await q('SELECT * FROM inbox WHERE id = ANY($1::text[])', ids('inbox')))
      out.inbox.set(r.id as string, inboxOf(r));
  }
  if (ids('plans').length) {
    const r = await client.query(`SELECT value FROM settings WHERE key = 'plans_legacy'`);
    out.plans = await loadPlans(client, (r.rows[0] as Row | undefined)?.value as string | undefined);
  }
  if (ids('admins').length) {
    for (const id of ids('admins')) out.admins.set(id, null);
    for (const r of await q(
      `SELECT * FROM admins WHERE platform || ':' || id = ANY($1::text[])`,
      ids('admins'),
    ))
      out.admins.set(adminKey(r as { platform: string; id: string }), adminOf(r));
  }
  for (const k of KEYED_MAP_KEYS) {
    if (!ids(k).length) continue;
    const m = new Map<string, unknown>(ids(k).map((id) => [id, null]));
    for (const r of await q(`SELECT * FROM ${KEYED_MAPS[k].table} WHERE key = ANY($1::text[])`, ids(k)))
      m.set(r.key as string, KEYED_MAPS[k].of(r));
    out.keyed.set(k, m);
  }
  return out;
}

/** Reads every table in one consistent snapshot; refuses a database of another schema version. */
export async function readAll(
  pool: Pool,
  url: string,
  legacyPlan = SINGLE_PLAN_ID,
): Promise<Awaited<ReturnType<typeof loadDb>>> {
  const client = await pool.connect();
  try {
    const version = await schemaVersion(client);
    checkNotNewer(url, version);
    const latest = latestSchemaVersion();
    if (version < latest)
      throw new StoreError(
        version === 0
          ? `数据库 ${maskUrl(url)} 中还没有 plan-bot 的数据表：在它上面启动机器人，或用 plan-bot migrate --to URL --data DIR 把数据目录复制进去。`
          : `数据库 ${maskUrl(url)} 的数据表版本是 ${version}，这个 plan-bot 需要 ${latest}：先启动一次机器人（它会升级数据表），然后再试。`,
      );
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const loaded = await loadDb(client, legacyPlan);
    await client.query('COMMIT');
    return loaded;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
