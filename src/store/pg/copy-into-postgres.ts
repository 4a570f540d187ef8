import pg from 'pg';
import { type DbSummary, summarizeDb } from '../db-checksum.js';
import type { Db } from '../db-schema.js';
import { StoreError } from '../store-error.js';
import { migrateSchema } from './migrate-schema.js';
import { emptyDelta, rowsJson, writeDelta } from './pg-delta.js';
import { KEYED_MAP_KEYS, loadDb } from './pg-load.js';
import { adminKey, CHECKIN_COLUMNS, checkinRow, evidenceRows, PG_TYPES } from './pg-rows.js';
import { maskUrl } from './pg-url.js';

/** Rows per INSERT while copying (one JSON parameter each). */
const CHUNK = 5000;

/** What a copy wrote and verified. */
export interface CopyReport {
  schema: { from: number; to: number };
  source: DbSummary;
  copied: DbSummary;
}

/** Tables that must be empty before a copy (the change log and settings may hold a previous start's rows). */
const DATA_TABLES = [
  'checkins',
  'roster_units',
  'admins',
  'processed_messages',
  'jobs',
  'pending',
  'outbox',
  'inbox',
];

/**
 * Copies a whole database (a JSON store's contents) into an empty PostgreSQL database in one transaction, then
 * reads it back inside that transaction and compares counts and checksums part by part: the copy is committed only
 * when they are equal, otherwise nothing is written and the error names the parts that differ.
 */
export async function copyIntoPostgres(db: Db, url: string): Promise<CopyReport> {
  const schema = await migrateSchema(url);
  const source = summarizeDb(db);
  const client = new pg.Client({ connectionString: url, types: PG_TYPES });
  await client.connect();
  try {
    await client.query('BEGIN');
    const counts = await client.query(
      `SELECT ${DATA_TABLES.map((t) => `(SELECT count(*) FROM ${t})::int AS ${t}`).join(', ')}`,
    );
    const held = Object.entries(counts.rows[0] as Record<string, number>).filter(([, n]) => n > 0);
    if (held.length)
      throw new StoreError(
        `数据库 ${maskUrl(url)} 中已有 plan-bot 的数据（${held.map(([t, n]) => `${t} 表${n}行`).join('，')}）；migrate 只复制到空数据库，什么也没有写入。`,
      );
    // check-ins in their order (pos), with their evidence
    for (let i = 0; i < db.checkins.length; i += CHUNK) {
      const part = db.checkins.slice(i, i + CHUNK);
      const rows = part.map((c, j) => ({ ...checkinRow(c), pos: i + j + 1 }));
      await client.query(
        `INSERT INTO checkins (pos, ${CHECKIN_COLUMNS.join(', ')}) SELECT pos, ${CHECKIN_COLUMNS.join(', ')} FROM json_populate_recordset(null::checkins, $1::json)`,
        [rowsJson(rows)],
      );
      const ev = part.flatMap(evidenceRows);
      if (ev.length)
        await client.query(
          'INSERT INTO evidence SELECT * FROM json_populate_recordset(null::evidence, $1::json)',
          [rowsJson(ev)],
        );
    }
    await client.query(
      `SELECT setval(pg_get_serial_sequence('checkins', 'pos'), greatest($1::bigint, 1), $2)`,
      [db.checkins.length, db.checkins.length > 0],
    );
    const d = emptyDelta();
    db.roster.forEach((unit, pos) => {
      d.units.set(unit.unit, { pos, unit });
    });
    if (db.rosterSeed !== undefined) d.seed = { v: db.rosterSeed };
    d.plans = db.plans;
    for (const a of db.admins ?? []) d.admins.set(adminKey(a), a);
    for (const [k, v] of Object.entries(db.pending)) d.pending.set(k, v);
    for (const [k, v] of Object.entries(db.jobs)) d.jobs.set(k, v);
    for (const [k, v] of Object.entries(db.outbox)) d.outbox.set(k, { kind: 'insert', v });
    for (const [k, v] of Object.entries(db.inbox)) d.inbox.set(k, { kind: 'insert', v });
    for (const k of KEYED_MAP_KEYS) d.keyed.set(k, new Map(Object.entries(db[k] ?? {})));
    await writeDelta(client, d);
    // processed ids in their order: a millisecond apart, ending now
    await client.query(
      `INSERT INTO processed_messages (id, handled_at)
       SELECT id, now() - (($2::int - n) * interval '1 millisecond') FROM unnest($1::text[]) WITH ORDINALITY AS s(id, n)`,
      [db.seen, db.seen.length],
    );
    const copied = summarizeDb((await loadDb(client)).db);
    const differ = Object.keys(source.sums).filter((k) => k !== 'all' && source.sums[k] !== copied.sums[k]);
    const counted = Object.keys(source.counts).filter((k) => source.counts[k] !== copied.counts[k]);
    if (differ.length || counted.length)
      throw new StoreError(
        `${maskUrl(url)} 中的副本与数据目录不一致（${[
          ...counted.map((k) => `${k}：${source.counts[k]} 对 ${copied.counts[k]}`),
          ...differ.map((k) => `${k} 校验和不同`),
        ].join('；')}）；什么也没有写入。`,
      );
    await client.query('COMMIT');
    return { schema, source, copied };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    if (e instanceof StoreError) throw e;
    throw new StoreError(`无法复制到 ${maskUrl(url)}：${(e as Error).message}；什么也没有写入。`);
  } finally {
    await client.end().catch(() => {});
  }
}
