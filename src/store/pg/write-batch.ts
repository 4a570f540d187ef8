import type { PoolClient } from 'pg';
import { DuplicateJob, DuplicateMessage, LinkUsed } from '../store-error.js';
import { type Delta, deltaOps, emptyDelta, mergeDelta, rowsJson, writeDelta } from './pg-delta.js';
import { type ChangeOp, versionKey } from './pg-mirror.js';

/** Advisory lock held from a transaction's change-log row until its commit: change_log.seq follows commit order. */
export const CHANGE_LOG_LOCK = 72_105_311;
/** The class of the per-message advisory locks (two-key form, apart from CHANGE_LOG_LOCK's one-key space). */
const MESSAGE_LOCK_CLASS = 7_210;
/** The class of the roster's advisory lock (two-key form). */
const ROSTER_LOCK_CLASS = 7_211;

/** The message ids a delta stores in the inbox. */
function inboxPuts(d: Delta): string[] {
  return [...d.inbox].filter(([, c]) => c.kind !== 'delete').map(([id]) => id);
}

/** The notification channel a commit signals on (payload: "<replica> <seq>"). */
export const CHANGE_CHANNEL = 'plan_bot_changes';

/** One unit of work to write: its changes, the message it claims, the weekly jobs it claims (key → ran at). */
export interface WorkToWrite {
  delta: Delta;
  claim?: string;
  jobClaims: Map<string, string>;
  /** One-time login links it claims (id → expires at). */
  linkClaims: Map<string, string>;
}

/** What a batch did. */
export interface BatchResult {
  /** Work refused because another replica had done it first (by index), with the error for its caller. */
  refused: Map<number, DuplicateMessage | DuplicateJob | LinkUsed>;
  /** Message ids whose claim conflicted: handled elsewhere. */
  handledElsewhere: string[];
  /** Inbox entries not kept because the message was handled meanwhile (by another replica). */
  inboxDropped: string[];
  /** The change-log sequence number of the batch (none when nothing changed). */
  seq?: number;
  /** The keys written (for ordering against other replicas' older changes). */
  keys: string[];
}

/** Keys a delta writes, as versionKey(table, id). */
function deltaKeys(d: Delta, extraInbox: string[]): string[] {
  const out: string[] = [];
  const add = (t: string, ids: Iterable<string>) => {
    for (const id of ids) out.push(versionKey(t, id));
  };
  add('checkins', d.checkins.keys());
  add('units', d.units.keys());
  if (d.seed) out.push(versionKey('seed', 'roster'));
  if (d.plans) out.push(versionKey('plans', 'state'));
  add('admins', d.admins.keys());
  add('pending', d.pending.keys());
  add('jobs', d.jobs.keys());
  add('outbox', d.outbox.keys());
  add('inbox', [...d.inbox.keys(), ...extraInbox]);
  for (const [k, m] of d.keyed) add(k, m.keys());
  return out;
}

/**
 * Writes several units of work in one transaction. Each claims its message (processed_messages) and weekly jobs
 * first, with INSERT … ON CONFLICT DO NOTHING: work whose claim another replica holds is left out (its claims taken
 * back) and reported as refused, the rest is written. Handled messages leave the inbox. The change-log row is
 * written last, under an advisory lock held until COMMIT, so that its sequence number follows commit order.
 * Throws when the transaction fails; `ambiguous` is set when COMMIT itself failed (it may have taken effect).
 */
export async function writeBatch(
  client: PoolClient,
  replica: string,
  work: WorkToWrite[],
  state: { ambiguous: boolean },
): Promise<BatchResult> {
  await client.query('BEGIN');
  const claims = work.flatMap((w) => (w.claim ? [w.claim] : []));
  // a message's claim and its storing in the inbox take the message's lock first: without it, READ COMMITTED lets one
  // replica store a message in the inbox while another claims it and deletes it from there, neither seeing the
  // other's uncommitted row, and the message would wait in the inbox forever, handled already
  const messages = [...new Set([...claims, ...work.flatMap((w) => inboxPuts(w.delta))])];
  // two replicas replacing the roster or one unit at once (both seeding an empty database at start) take turns: the
  // later one's DELETE then sees the earlier one's rows, instead of both inserting and one failing on the key
  if (work.some((w) => w.delta.rosterReplace || w.delta.units.size > 0))
    await client.query('SELECT pg_advisory_xact_lock($1, 0)', [ROSTER_LOCK_CLASS]);
  if (messages.length)
    await client.query(
      `SELECT pg_advisory_xact_lock(${MESSAGE_LOCK_CLASS}, k) FROM (SELECT DISTINCT hashtext(m) AS k FROM unnest($1::text[]) m ORDER BY k) s`,
      [messages],
    );
  const claimed = new Set<string>();
  if (claims.length) {
    const r = await client.query(
      'INSERT INTO processed_messages (id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING id',
      [claims],
    );
    for (const row of r.rows) claimed.add(row.id as string);
  }
  const jobs = work.flatMap((w) => [...w.jobClaims]);
  const ran = new Set<string>();
  if (jobs.length) {
    const r = await client.query(
      'INSERT INTO jobs (key, ran_at) SELECT * FROM unnest($1::text[], $2::timestamptz[]) ON CONFLICT DO NOTHING RETURNING key',
      [jobs.map(([k]) => k), jobs.map(([, at]) => at)],
    );
    for (const row of r.rows) ran.add(row.key as string);
  }
  const links = work.flatMap((w) => [...w.linkClaims]);
  const used = new Set<string>();
  if (links.length) {
    const r = await client.query(
      'INSERT INTO used_links (key, expires_at) SELECT * FROM unnest($1::text[], $2::timestamptz[]) ON CONFLICT DO NOTHING RETURNING key',
      [links.map(([k]) => k), links.map(([, at]) => at)],
    );
    for (const row of r.rows) used.add(row.key as string);
  }
  const refused = new Map<number, DuplicateMessage | DuplicateJob | LinkUsed>();
  work.forEach((w, i) => {
    const job = [...w.jobClaims.keys()].find((k) => !ran.has(k));
    const link = [...w.linkClaims.keys()].find((k) => !used.has(k));
    if (w.claim && !claimed.has(w.claim)) refused.set(i, new DuplicateMessage(w.claim));
    else if (job) refused.set(i, new DuplicateJob(job));
    else if (link) refused.set(i, new LinkUsed(link));
  });
  // claims made by refused work are taken back: none of that work is written
  const backMessages: string[] = [];
  const backJobs: string[] = [];
  const backLinks: string[] = [];
  for (const i of refused.keys()) {
    const w = work[i] as WorkToWrite;
    if (w.claim && claimed.has(w.claim)) backMessages.push(w.claim);
    for (const k of w.jobClaims.keys()) if (ran.has(k)) backJobs.push(k);
    for (const k of w.linkClaims.keys()) if (used.has(k)) backLinks.push(k);
  }
  if (backLinks.length) await client.query('DELETE FROM used_links WHERE key = ANY($1::text[])', [backLinks]);
  if (backMessages.length)
    await client.query('DELETE FROM processed_messages WHERE id = ANY($1::text[])', [backMessages]);
  if (backJobs.length) await client.query('DELETE FROM jobs WHERE key = ANY($1::text[])', [backJobs]);

  const merged = emptyDelta();
  work.forEach((w, i) => {
    if (!refused.has(i)) mergeDelta(merged, w.delta);
  });
  const handledElsewhere = claims.filter((id) => !claimed.has(id));
  const notKept = await writeDelta(client, merged);
  let inboxDropped: string[] = [];
  if (notKept.length) {
    const r = await client.query('SELECT id FROM processed_messages WHERE id = ANY($1::text[])', [notKept]);
    inboxDropped = r.rows.map((row) => row.id as string);
    for (const id of inboxDropped) merged.inbox.delete(id);
  }
  // a handled message leaves the inbox, whichever replica stored it there
  const handled = [...merged.seen, ...handledElsewhere];
  if (handled.length) await client.query('DELETE FROM inbox WHERE id = ANY($1::text[])', [handled]);
  const ops: ChangeOp[] = deltaOps(merged);
  for (const id of handled) if (!merged.inbox.has(id)) ops.push({ t: 'put', k: 'inbox', id, v: null });
  let seq: number | undefined;
  if (ops.length) {
    await client.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOG_LOCK]);
    const r = await client.query(
      `WITH ins AS (INSERT INTO change_log (seq, replica, ops) VALUES (nextval('change_log_seq'), $1, $2::json) RETURNING seq)
       SELECT seq, pg_notify('${CHANGE_CHANNEL}', $1 || ' ' || seq) FROM ins`,
      [replica, rowsJson(ops)],
    );
    seq = Number(r.rows[0]?.seq);
  }
  state.ambiguous = true;
  await client.query('COMMIT');
  state.ambiguous = false;
  return {
    refused,
    handledElsewhere,
    inboxDropped,
    ...(seq !== undefined ? { seq } : {}),
    keys: deltaKeys(merged, handled),
  };
}
