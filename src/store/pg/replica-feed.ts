import pg from 'pg';
import { type KeyedMapKey, loadKeys, readAll } from './pg-load.js';
import { type ChangeOp, type Mirror, versionKey } from './pg-mirror.js';
import { REPLICA_APPLICATION } from './running-replicas.js';
import type { Group, Table } from './work-groups.js';
import { CHANGE_CHANNEL } from './write-batch.js';

const noop = () => {};

/** Change-log rows read at once. */
const PAGE = 1000;

/** What the feed needs from the store it serves. */
export interface FeedDeps {
  pool: pg.Pool;
  url: string;
  /** This replica's name in change_log (its own rows are in memory already). */
  replica: string;
  mirror: Mirror;
  /** The plan of records stored before plans (when the database has not recorded one). */
  legacyPlan?: string;
  /** True when a row has an uncommitted change here: this replica's coming write wins over older ones. */
  isLocal(vk: string): boolean;
  /** True when nothing is uncommitted (everything may be read again). */
  idle(): boolean;
  onError?: (err: unknown, what: string) => void;
}

/**
 * Keeps a replica's copy in memory up to date with the other replicas' commits: applies `change_log` rows in
 * sequence order (a transaction takes its sequence number under a lock held until it commits, so the order is the
 * commit order), skipping rows this replica wrote later itself or is about to write; reads rows again that a
 * rollback may have left behind; reads everything again after an uncertain commit or when the rows it needs were
 * pruned. LISTEN/NOTIFY on a dedicated connection says when to look; the sequence number is the truth.
 */
export class ReplicaFeed {
  /** Keys this replica wrote, with the change-log seq: older changes of others do not overwrite them. */
  private readonly versions = new Map<string, number>();
  /** Keys whose memory may be stale after a rollback; read again from the tables. */
  private readonly stale = new Map<Table, Set<string>>();
  private needsReload = false;
  private listener?: pg.Client;
  private stopped = false;
  /** The listener's connection failed and was reported; reported again only after it was back. */
  private down = false;

  constructor(
    private readonly d: FeedDeps,
    private seq: number,
  ) {}

  /** This replica committed a change-log row touching `keys`. */
  written(keys: string[], seq: number): void {
    for (const k of keys) this.versions.set(k, seq);
  }

  /** A group was rolled back: its rows are read again from the tables at the next catch-up. */
  rolledBack(g: Group): void {
    for (const t of g.touches.values()) {
      const set = this.stale.get(t.table) ?? new Set<string>();
      set.add(t.id);
      this.stale.set(t.table, set);
    }
  }

  /** A COMMIT failed without saying whether it took effect: read everything again when possible. */
  uncertain(): void {
    this.needsReload = true;
  }

  /** True when rows wait to be read again. */
  get hasStale(): boolean {
    return this.stale.size > 0;
  }

  /** Applies what the other replicas committed since the last catch-up. */
  async catchUp(): Promise<void> {
    if (this.needsReload && this.d.idle()) return this.reload();
    const { pool, replica, mirror } = this.d;
    for (;;) {
      const r = await pool.query(
        `SELECT seq, replica, CASE WHEN replica = $2 THEN NULL ELSE ops END AS ops
         FROM change_log WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
        [this.seq, replica],
      );
      const rows = r.rows as { seq: string; replica: string; ops: ChangeOp[] }[];
      if (rows.length && Number(rows[0]?.seq) > this.seq + 1) {
        const p = await pool.query(`SELECT value FROM settings WHERE key = 'change_log_pruned_through'`);
        if (Number(p.rows[0]?.value ?? 0) > this.seq) {
          this.needsReload = true;
          if (this.d.idle()) return this.reload();
          return;
        }
      }
      for (const row of rows) {
        const seq = Number(row.seq);
        // this replica's own commits are in memory already (an uncertain one makes it read everything again)
        if (row.replica !== replica) {
          const skip = (vk: string) => this.d.isLocal(vk) || (this.versions.get(vk) ?? 0) > seq;
          for (const op of row.ops) mirror.apply(op, skip);
        }
        this.seq = seq;
      }
      if (rows.length < PAGE) break;
    }
    for (const [k, v] of this.versions) if (v <= this.seq) this.versions.delete(k);
    if (this.stale.size) await this.reread();
  }

  /** Reads again the rows whose memory a rollback may have left behind the tables. */
  private async reread(): Promise<void> {
    const keys = new Map<string, string[]>();
    for (const [t, ids] of this.stale) keys.set(t, [...ids]);
    this.stale.clear();
    const client = await this.d.pool.connect();
    let rows: Awaited<ReturnType<typeof loadKeys>>;
    try {
      rows = await loadKeys(client, keys, this.d.mirror.data.plans.legacy);
    } catch (e) {
      for (const [t, ids] of keys) this.stale.set(t as Table, new Set(ids));
      throw e;
    } finally {
      client.release();
    }
    const { mirror } = this.d;
    const data = mirror.data;
    const fresh = (t: string, id: string) => !this.d.isLocal(versionKey(t, id));
    for (const [id, c] of rows.checkins) {
      if (!fresh('checkins', id)) continue;
      const mine = mirror.byId.get(id);
      if (c) mirror.upsertCheckin(c);
      else if (mine) mirror.removeCheckins(new Set([mine]));
    }
    for (const [id, u] of rows.units)
      if (fresh('units', id)) mirror.putUnit(id, u?.pos ?? 0, u?.unit ?? null);
    if (rows.plans && fresh('plans', 'state')) data.plans = rows.plans;
    for (const [id, a] of rows.admins) if (fresh('admins', id)) mirror.putAdmin(id, a);
    if (rows.seed !== undefined && fresh('seed', 'roster')) {
      if (rows.seed === null) delete data.rosterSeed;
      else data.rosterSeed = rows.seed;
    }
    const put = (table: 'pending' | 'jobs' | 'outbox' | 'inbox' | KeyedMapKey, m: Map<string, unknown>) => {
      const target = (data[table] ?? {}) as Record<string, unknown>;
      for (const [id, v] of m) {
        if (!fresh(table, id)) continue;
        if (v === null) delete target[id];
        else target[id] = v;
      }
    };
    for (const [k, m] of rows.keyed) {
      data[k] ??= {};
      put(k, m);
    }
    put('pending', rows.pending);
    put('jobs', rows.jobs);
    put('outbox', rows.outbox);
    put('inbox', rows.inbox);
  }

  /** Reads every table again. */
  private async reload(): Promise<void> {
    const loaded = await readAll(this.d.pool, this.d.url, this.d.legacyPlan);
    this.d.mirror.data = loaded.db;
    this.d.mirror.reindex();
    this.seq = loaded.seq;
    this.versions.clear();
    this.stale.clear();
    this.needsReload = false;
  }

  /** Listens for commits on a dedicated connection (reconnecting after a failure); calls `changed` for others'. */
  listen(changed: () => void): void {
    if (this.stopped) return;
    // named, so that `plan-bot status` can count the replicas running on the database (running-replicas.ts)
    const client = new pg.Client({
      connectionString: this.d.url,
      application_name: `${REPLICA_APPLICATION}${this.d.replica}`,
    });
    this.listener = client;
    const retry = () => {
      if (this.listener !== client || this.stopped) return;
      this.listener = undefined;
      client.end().catch(noop);
      setTimeout(() => this.listen(changed), 1000).unref();
    };
    const failed = (err: unknown) => {
      if (!this.down) this.d.onError?.(err, 'listener (retried every second; changes are also polled)');
      this.down = true;
      retry();
    };
    client.on('error', failed);
    client.on('end', retry);
    client.on('notification', (n) => {
      if (!n.payload?.startsWith(`${this.d.replica} `)) changed();
    });
    client
      .connect()
      .then(() => client.query(`LISTEN ${CHANGE_CHANNEL}`))
      .then(() => {
        this.down = false;
      }, failed);
  }

  /** Drops change-log rows older than a day (a replica behind them reads everything again) and old processed ids. */
  async prune(): Promise<void> {
    await this.d.pool.query(`WITH gone AS (DELETE FROM change_log WHERE at < now() - interval '1 day' RETURNING seq)
      INSERT INTO settings (key, value) SELECT 'change_log_pruned_through', max(seq)::text FROM gone HAVING count(*) > 0
      ON CONFLICT (key) DO UPDATE SET value = greatest(settings.value::bigint, EXCLUDED.value::bigint)::text`);
    await this.d.pool.query(`DELETE FROM processed_messages WHERE handled_at < now() - interval '90 days'`);
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    this.stopped = true;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(noop);
  }
}
