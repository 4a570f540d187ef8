import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import type { IncomingMessage, OutgoingText } from '../../shared/types.js';
import type {
  AdminEntry,
  Checkin,
  Db,
  DeadlineOverride,
  Escalation,
  Member,
  OutboxEntry,
  RosterUnit,
  Round,
} from '../db-schema.js';
import { putInbox } from '../inbox.js';
import { enqueue, markAttemptFailed, retryPlatformNow } from '../outbox.js';
import { SINGLE_PLAN_ID } from '../read-snapshot.js';
import { bindMember, setUnitChat, unbindMember } from '../roster-ops.js';
import type { Store } from '../store.js';
import { DuplicateJob, DuplicateMessage, StoreError, StoreWriteError } from '../store-error.js';
import { putEscalation, putRound, setDeadlineOverride } from '../supervision-ops.js';
import { migrateSchema } from './migrate-schema.js';
import { isEmpty, type Kind } from './pg-delta.js';
import { type KeyedMapKey, type loadDb, readAll } from './pg-load.js';
import { Mirror, replaceFields } from './pg-mirror.js';
import { adminKey, PG_TYPES } from './pg-rows.js';
import { maskUrl } from './pg-url.js';
import { ReplicaFeed } from './replica-feed.js';
import { runningReplicas } from './running-replicas.js';
import { type Group, groupDelta, type Table, WorkGroups } from './work-groups.js';
import { type WorkToWrite, writeBatch } from './write-batch.js';

/** Options of PgStore.open. */
export interface PgStoreOptions {
  /** Read only (export, status): no migration, no listener, commit() refuses. */
  readOnly?: boolean;
  /** Where background failures go (refresh, listener, pruning). */
  onError?: (err: unknown, what: string) => void;
  /** How often the copy in memory is brought up to date without a notification (default 1 s). */
  pollMs?: number;
  /** How long a replica may take to send an outbox message before another one may (default 60 s). */
  outboxLeaseMs?: number;
  /** Connections in the pool (default 6). */
  poolSize?: number;
  /** The plan the records of a database from before plans belong to (default the bundled plan). */
  legacyPlan?: string;
}

/** A group taken for writing, with its promise's callbacks. */
interface Queued extends WorkToWrite {
  group: Group;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** A weekly job's key ("prompt:2021-W23"): claimed once across replicas (the scheduler's "@cursor" is not). */
const WEEKLY_JOB = /^[a-z]+:\d{4}-W\d{2}$/;

const noop = () => {};

/** Where a change runs: a message being handled (`message`), or another unit of work with its own key. */
interface Work {
  key: string;
  message: boolean;
}

/**
 * The bot's database on PostgreSQL, for one or more replicas sharing it. Features read and change the same in-memory
 * `Db` as with the JSON store (a copy of the tables); each change is recorded with the unit of work it belongs to
 * (the message being handled, a weekly job, a delivery), and `commit()` writes that unit's changes in a transaction
 * that also claims its message id (or weekly job): when another replica claimed it first, nothing is written, memory
 * is rolled back and the commit rejects with DuplicateMessage (or DuplicateJob). Concurrent commits share one
 * transaction (group commit). Other replicas' commits reach the copy through `change_log`, read after each
 * notification, every second, and before a message is handled.
 */
export class PgStore implements Store {
  private readonly context = new AsyncLocalStorage<Work>();
  private readonly groups = new WorkGroups();
  private readonly feed: ReplicaFeed;
  // message ids claimed for handling and not yet durable; those being handled now; those found handled elsewhere
  private readonly handling = new Set<string>();
  private readonly active = new Set<string>();
  private readonly lost = new Set<string>();
  private readonly claimsInFlight = new Map<string, Promise<void>>();
  private queue: Queued[] = [];
  private work: Promise<void> = Promise.resolve();
  private writeScheduled = false;
  private refreshing?: Promise<void>;
  private soon?: NodeJS.Timeout;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;
  /** This process's name in change_log and outbox leases. */
  readonly replica = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  private constructor(
    private readonly pool: pg.Pool,
    readonly url: string,
    private readonly mirror: Mirror,
    seq: number,
    private readonly opts: PgStoreOptions,
  ) {
    this.feed = new ReplicaFeed(
      {
        pool,
        url,
        replica: this.replica,
        mirror,
        ...(opts.legacyPlan ? { legacyPlan: opts.legacyPlan } : {}),
        isLocal: (vk) => this.groups.isLocal(vk),
        idle: () => !this.groups.busy && this.queue.length === 0,
        ...(opts.onError ? { onError: opts.onError } : {}),
      },
      seq,
    );
  }

  /**
   * Connects, brings the schema up to date (unless read-only) and reads the tables into memory. Throws StoreError
   * naming the database (password masked) when it cannot be used.
   */
  static async open(url: string, opts: PgStoreOptions = {}): Promise<PgStore> {
    const where = maskUrl(url);
    const pool = new pg.Pool({
      connectionString: url,
      types: PG_TYPES,
      max: opts.poolSize ?? 6,
      connectionTimeoutMillis: 10_000,
      query_timeout: 60_000,
    });
    // an idle connection that breaks (server restart) must not end the process: the next query reconnects
    pool.on('error', (err) => opts.onError?.(err, 'connection'));
    let loaded: Awaited<ReturnType<typeof loadDb>>;
    try {
      if (!opts.readOnly) {
        await migrateSchema(url);
        await fileUnderLegacyPlan(pool, opts.legacyPlan ?? SINGLE_PLAN_ID);
      }
      loaded = await readAll(pool, url, opts.legacyPlan);
    } catch (e) {
      await pool.end().catch(noop);
      if (e instanceof StoreError) throw e;
      throw new StoreError(`无法使用数据库 ${where}：${(e as Error).message}`);
    }
    const store = new PgStore(pool, url, new Mirror(loaded.db), loaded.seq, opts);
    if (!opts.readOnly) {
      store.feed.listen(() => void store.refresh().catch(noop));
      const poll = setInterval(() => void store.refresh().catch(noop), opts.pollMs ?? 1000);
      const prune = setInterval(() => void store.feed.prune().catch(noop), 3600_000);
      poll.unref();
      prune.unref();
      store.timers.push(poll, prune);
      await store.feed.prune().catch((e: unknown) => opts.onError?.(e, 'pruning'));
    }
    return store;
  }

  /** The copy of the data in memory: read it; change it only through the operations below. */
  get data(): Db {
    return this.mirror.data;
  }

  // ---- units of work

  /** The unit of work running now: the message being handled, another unit with its own key, or '' for none. */
  private get workKey(): string {
    return this.context.getStore()?.key ?? '';
  }

  /** Records a change of one row in the current unit of work, and how to undo it in memory. */
  private touch(table: Table, id: string, kind: Kind, undo?: () => void): Group {
    return this.groups.touch(this.workKey, table, id, kind, undo);
  }

  /** Puts memory back as it was before a group's changes, and has its rows read again from the tables. */
  private undo(g: Group): void {
    for (const u of [...g.undo].reverse()) u();
    this.feed.rolledBack(g);
  }

  /** Drops the uncommitted changes of a unit of work (its handling failed or was found a duplicate). */
  private discard(key: string): void {
    if (!this.groups.has(key)) return;
    const g = this.groups.take(key);
    this.groups.release(g);
    this.undo(g);
    void this.refresh().catch(noop);
  }

  // ---- commits

  /**
   * Writes the changes of the current unit of work (the message being handled, with its claim); resolves once they
   * are committed. Rejects with DuplicateMessage / DuplicateJob when another replica did that work first, or
   * StoreWriteError when the database refused; memory is rolled back either way.
   */
  commit(): Promise<void> {
    if (this.opts.readOnly)
      return Promise.reject(new StoreWriteError(`the database ${maskUrl(this.url)} was opened read-only`));
    if (this.closed)
      return Promise.reject(new StoreWriteError(`the store of ${maskUrl(this.url)} is closed`));
    const work = this.context.getStore();
    const key = work?.key ?? '';
    if (work?.message) {
      if (this.lost.has(key)) {
        this.discard(key);
        return Promise.reject(new DuplicateMessage(key));
      }
      const earlier = this.claimsInFlight.get(key);
      if (earlier)
        return earlier.then(
          () => this.commitGroup(key),
          (e: unknown) => {
            this.discard(key);
            throw e;
          },
        );
    }
    return this.commitGroup(key);
  }

  /** Takes a group (claiming its message when that is still to be done) and queues it for the next transaction. */
  private commitGroup(key: string): Promise<void> {
    const claim = key && this.handling.has(key) && !this.claimsInFlight.has(key) ? key : undefined;
    if (!this.groups.has(key) && !claim) return this.idle();
    const group = this.groups.take(key);
    const { delta, jobClaims, linkClaims } = groupDelta(group, this.mirror);
    if (claim) delta.seen.push(claim);
    if (isEmpty(delta) && jobClaims.size === 0 && linkClaims.size === 0) {
      this.groups.release(group);
      return this.idle();
    }
    const p = new Promise<void>((resolve, reject) => {
      this.queue.push({ group, delta, jobClaims, linkClaims, ...(claim ? { claim } : {}), resolve, reject });
    });
    if (claim) {
      this.claimsInFlight.set(claim, p);
      p.then(
        () => this.claimsInFlight.delete(claim),
        () => this.claimsInFlight.delete(claim),
      );
    }
    this.scheduleWrite();
    return p;
  }

  /** Commits every unit of work not being handled right now (all of them at close). */
  private commitAll(all = false): Promise<void> {
    const keys = this.groups.keys().filter((k) => all || !this.active.has(k));
    return Promise.all(keys.map((k) => this.commitGroup(k))).then(noop);
  }

  /** Resolves once the writes queued so far are done. */
  private idle(): Promise<void> {
    return this.work.then(noop);
  }

  /** Runs database work one task at a time (writes and refreshes never overlap, so their order is known). */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const p = this.work.then(task);
    this.work = p.then(noop, noop);
    return p;
  }

  private scheduleWrite(): void {
    if (this.writeScheduled) return;
    this.writeScheduled = true;
    void this.serial(async () => {
      this.writeScheduled = false;
      const batch = this.queue.splice(0);
      if (batch.length) await this.write(batch);
    });
  }

  /** Writes a batch and settles its callers; memory follows what was committed. */
  private async write(batch: Queued[]): Promise<void> {
    const state = { ambiguous: false };
    let client: pg.PoolClient | undefined;
    let result: Awaited<ReturnType<typeof writeBatch>>;
    try {
      client = await this.pool.connect();
      result = await writeBatch(client, this.replica, batch, state);
      client.release();
    } catch (e) {
      if (client) {
        await client.query('ROLLBACK').catch(noop);
        client.release(e instanceof Error ? e : true);
      }
      // a COMMIT that failed may still have taken effect: memory is read again from the tables
      if (state.ambiguous) this.feed.uncertain();
      for (const q of [...batch].reverse()) {
        this.groups.release(q.group);
        this.undo(q.group);
        q.reject(
          new StoreWriteError(`could not save to the database ${maskUrl(this.url)}: ${(e as Error).message}`),
        );
      }
      return;
    }
    if (result.seq !== undefined) this.feed.written(result.keys, result.seq);
    for (const id of [...result.handledElsewhere, ...result.inboxDropped]) {
      delete this.data.inbox[id];
      this.handling.delete(id);
    }
    this.mirror.addSeen([...result.handledElsewhere, ...result.inboxDropped]);
    batch.forEach((q, i) => {
      this.groups.release(q.group);
      const refused = result.refused.get(i);
      if (refused) {
        this.undo(q.group);
        if (refused instanceof DuplicateMessage && this.active.has(refused.key)) this.lost.add(refused.key);
        q.reject(refused);
        return;
      }
      if (q.claim) {
        this.handling.delete(q.claim);
        this.mirror.addSeen([q.claim]);
        delete this.data.inbox[q.claim];
      }
      q.resolve();
    });
    if (result.refused.size) void this.refresh().catch(noop);
  }

  /** Commits within a second what is not committed yet (processed ids settled outside a handling); errors to onError. */
  commitSoon(onError: (err: unknown) => void): void {
    if (this.soon || this.closed || this.opts.readOnly) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.commitAll().catch(onError);
    }, 1000);
    this.soon.unref();
  }

  // ---- messages

  /** True when a message id was processed (known here) or is being processed. */
  hasSeen(key: string): boolean {
    return this.mirror.seen(key) || this.handling.has(key);
  }

  /** Claims a message id for handling in this process; false when it is known as handled or being handled. */
  markSeen(key: string): boolean {
    if (this.hasSeen(key)) return false;
    this.handling.add(key);
    return true;
  }

  /**
   * Runs the handling of one message: the copy in memory is brought up to date first (another replica may have
   * handled it: then nothing runs), a commit inside claims the message id in the same transaction as its effects,
   * and a handling that committed nothing (a question) claims it before its answer is released. Resolves with no
   * items when another replica handled the message.
   */
  async handlingMessage<T>(key: string, run: () => Promise<T[]>): Promise<T[]> {
    await this.refresh().catch((e: unknown) => this.opts.onError?.(e, 'refresh'));
    if (this.mirror.seen(key)) {
      this.handling.delete(key);
      return [];
    }
    const work: Work = { key, message: true };
    this.active.add(key);
    let out: T[];
    try {
      out = await this.context.run(work, run);
    } catch (e) {
      this.discard(key);
      throw e;
    } finally {
      this.active.delete(key);
    }
    if (this.lost.delete(key)) {
      this.discard(key);
      return [];
    }
    if (this.handling.has(key) || this.groups.has(key)) {
      try {
        await this.context.run(work, () => this.commit());
      } catch (e) {
        this.lost.delete(key);
        if (e instanceof DuplicateMessage) return [];
        // answered without a durable claim: a re-delivery may be answered again
        this.opts.onError?.(e, 'claim');
      }
    }
    return out;
  }

  /** Records a claimed message id as processed: committed with the next commit outside a handling. */
  settle(key: string): void {
    if (!this.handling.has(key) || this.active.has(key) || this.claimsInFlight.has(key)) return;
    this.groups.of(key);
  }

  /** Stores an incoming message in the inbox and waits until it is committed (nothing for a known message). */
  async receive(msg: IncomingMessage, now: Date): Promise<void> {
    const id = `${msg.platform}:${msg.id}`;
    await this.context.run({ key: `~receive:${id}`, message: false }, async () => {
      if (!putInbox(this.data, msg, now, (k) => this.hasSeen(k))) return;
      this.touch('inbox', id, 'insert', () => {
        delete this.data.inbox[id];
      });
      await this.commit();
    });
  }

  /** Drops a message from the inbox without handling it. */
  dropInbox(key: string): void {
    const prev = this.data.inbox[key];
    if (!prev) return;
    delete this.data.inbox[key];
    this.touch('inbox', key, 'delete', () => {
      this.data.inbox[key] = prev;
    });
  }

  // ---- check-ins

  /** Appends check-in records. */
  addCheckins(records: Checkin[]): void {
    for (const c of records) {
      this.data.checkins.push(c);
      this.mirror.byId.set(c.id, c);
    }
    const added = new Set(records);
    for (const c of records) this.touch('checkins', c.id, 'insert');
    this.groups.of(this.workKey).undo.push(() => this.mirror.removeCheckins(added));
  }

  /** Changes stored check-ins in place; their old state comes back if the change is not committed. */
  changeCheckins(records: Checkin[], change: (c: Checkin) => void): void {
    const before = records.map((r) => JSON.stringify(r));
    for (const c of records) change(c);
    for (const c of records) this.touch('checkins', c.id, 'update');
    this.groups.of(this.workKey).undo.push(() => {
      records.forEach((r, i) => {
        replaceFields(r, JSON.parse(before[i] as string));
      });
    });
  }

  // ---- roster

  /** Replaces the whole roster; `seed` is the hash of the roster file it came from. */
  setRoster(units: RosterUnit[], seed?: string): void {
    const prev = this.data.roster;
    const prevSeed = this.data.rosterSeed;
    this.data.roster = units;
    if (seed !== undefined) this.data.rosterSeed = seed;
    const g = this.groups.of(this.workKey);
    g.rosterReplace = true;
    for (const name of new Set([...prev, ...units].map((u) => u.unit))) this.touch('units', name, 'upsert');
    if (seed !== undefined) this.touch('seed', 'roster', 'upsert');
    g.undo.push(() => {
      this.data.roster = prev;
      if (prevSeed === undefined) delete this.data.rosterSeed;
      else this.data.rosterSeed = prevSeed;
    });
  }

  /** Runs a roster change, recording the units it changed and how to put them back. */
  private rosterChange<T>(change: (db: Db) => T): T {
    const before = this.data.roster.map((u, i) => ({ name: u.unit, json: JSON.stringify(u), i }));
    const result = change(this.data);
    const after = new Map(this.data.roster.map((u) => [u.unit, JSON.stringify(u)]));
    const old = new Map(before.map((b) => [b.name, b]));
    const touched = [...new Set([...old.keys(), ...after.keys()])].filter(
      (n) => old.get(n)?.json !== after.get(n),
    );
    for (const n of touched) this.touch('units', n, 'upsert');
    if (touched.length)
      this.groups.of(this.workKey).undo.push(() => {
        for (const n of touched) {
          const b = old.get(n);
          this.mirror.putUnit(n, b?.i ?? 0, b ? (JSON.parse(b.json) as RosterUnit) : null);
        }
      });
    return result;
  }

  /** Adds a member to a unit; returns the unit they were moved from. */
  bindMember(unit: string, member: Member): string | undefined {
    return this.rosterChange((db) => bindMember(db, unit, member));
  }

  /** Removes a member; returns the unit they were in. */
  unbindMember(platform: string, id: string): string | undefined {
    return this.rosterChange((db) => unbindMember(db, platform, id));
  }

  /** Makes a chat a unit's work chat; returns the unit that had it before. */
  setUnitChat(unit: string, chat: { platform: Member['platform']; id: string }): string | undefined {
    return this.rosterChange((db) => setUnitChat(db, unit, chat));
  }

  // ---- admins added in chat

  /** Adds an admin (added in chat); false when they are one already. */
  addAdmin(entry: AdminEntry): boolean {
    const key = adminKey(entry);
    const prev = this.data.admins;
    if (prev?.some((a) => adminKey(a) === key)) return false;
    this.data.admins = [...(prev ?? []), { ...entry }];
    this.touch('admins', key, 'upsert', () => {
      if (prev === undefined) delete this.data.admins;
      else this.data.admins = prev;
    });
    return true;
  }

  /** Removes an admin added in chat; false when there was none with that id. */
  removeAdmin(platform: string, id: string): boolean {
    const key = adminKey({ platform, id });
    const prev = this.data.admins;
    if (!prev?.some((a) => adminKey(a) === key)) return false;
    this.data.admins = prev.filter((a) => adminKey(a) !== key);
    this.touch('admins', key, 'delete', () => {
      this.data.admins = prev;
    });
    return true;
  }

  // ---- plans

  /** Changes the plans state (replaced whole, as the JSON store does), recording how to put it back. */
  private plansChange(next: Db['plans']): void {
    const prev = this.data.plans;
    this.data.plans = next;
    this.touch('plans', 'state', 'upsert', () => {
      this.data.plans = prev;
    });
  }

  /** Sets (or with undefined clears) a chat's default plan. */
  setChatPlan(chat: string, plan: string | undefined): void {
    const chats = { ...this.data.plans.chats };
    if (plan === undefined) delete chats[chat];
    else chats[chat] = plan;
    this.plansChange({ ...this.data.plans, chats });
  }

  /** Stops a plan (kept and exportable, no prompts, no reports) or starts it again. */
  setPlanStopped(plan: string, stopped: boolean): void {
    const rest = this.data.plans.stopped.filter((p) => p !== plan);
    this.plansChange({ ...this.data.plans, stopped: stopped ? [...rest, plan] : rest });
  }

  // ---- ask-backs, jobs

  /** Keeps an open ask-back of a conversation. */
  setPending(key: string, text: string, at: Date): void {
    const prev = this.data.pending[key];
    this.data.pending[key] = { text, at: at.toISOString() };
    this.touch('pending', key, 'upsert', () => {
      if (prev) this.data.pending[key] = prev;
      else delete this.data.pending[key];
    });
  }

  /** Forgets a conversation's open ask-back. */
  clearPending(key: string): void {
    const prev = this.data.pending[key];
    if (!prev) return;
    delete this.data.pending[key];
    this.touch('pending', key, 'delete', () => {
      this.data.pending[key] = prev;
    });
  }

  /** Marks a weekly job as run (claimed across replicas when it is new), or moves the scheduler's cursor. */
  setJob(key: string, at: Date): void {
    const prev = this.data.jobs[key];
    this.data.jobs[key] = at.toISOString();
    const g = this.touch('jobs', key, 'upsert', () => {
      if (prev === undefined) delete this.data.jobs[key];
      else this.data.jobs[key] = prev;
    });
    if (prev === undefined && WEEKLY_JOB.test(key)) g.jobClaims.add(key);
  }

  // ---- supervision

  /** Changes one entry of a keyed map (supervision, used links), recording it and how to put the old one back. */
  private supervise(table: KeyedMapKey, key: string, change: (db: Db) => void): void {
    const prev = this.data[table]?.[key];
    change(this.data);
    const gone = this.data[table]?.[key] === undefined;
    this.touch(table, key, gone ? 'delete' : 'upsert', () => {
      const m = (this.data[table] ?? {}) as Record<string, unknown>;
      if (prev === undefined) delete m[key];
      else m[key] = prev;
    });
  }

  /** Records an escalation sent (or its resolution), under `unit|plan|reason|week`. */
  putEscalation(key: string, entry: Escalation): void {
    this.supervise('escalations', key, (db) => putEscalation(db, key, entry));
  }

  /** Records the units a week's prompt went to, under `plan|week`. */
  putRound(key: string, round: Round): void {
    this.supervise('rounds', key, (db) => putRound(db, key, round));
  }

  /** Sets a task's deadline under `plan|task`, or removes it (undefined) so that the plan's own applies again. */
  setDeadlineOverride(key: string, entry: DeadlineOverride | undefined): void {
    this.supervise('deadlines', key, (db) => setDeadlineOverride(db, key, entry));
  }

  // ---- web view

  /**
   * Records a one-time login link as used; false when it is known as used here. The commit claims it across
   * replicas (rejecting with LinkUsed when another replica took it first). Expired records are dropped.
   */
  claimLoginLink(id: string, expiresAt: Date, now: Date): boolean {
    const used = this.data.usedLinks ?? {};
    if (Object.hasOwn(used, id)) return false;
    for (const [k, exp] of Object.entries(used)) {
      if (Date.parse(exp) >= now.getTime()) continue;
      this.supervise('usedLinks', k, (db) => {
        delete db.usedLinks?.[k];
      });
    }
    this.supervise('usedLinks', id, (db) => {
      db.usedLinks ??= {};
      db.usedLinks[id] = expiresAt.toISOString();
    });
    this.groups.of(this.workKey).linkClaims.add(id);
    return true;
  }

  // ---- outbox

  /** Queues a message for delivery; returns its entry. */
  enqueue(out: OutgoingText, source: string, now: Date): OutboxEntry {
    const e = enqueue(this.data, out, source, now);
    this.touch('outbox', e.id, 'insert', () => {
      delete this.data.outbox[e.id];
    });
    return e;
  }

  /** Removes a message from the outbox. */
  dropOutbox(id: string): void {
    const prev = this.data.outbox[id];
    if (!prev) return;
    delete this.data.outbox[id];
    this.touch('outbox', id, 'delete', () => {
      this.data.outbox[id] = prev;
    });
  }

  /** Records a failed delivery attempt (the sending replica's lease ends with it). */
  markAttemptFailed(id: string, error: string, now: Date, expireMs: number): void {
    const prev = this.data.outbox[id];
    if (!prev) return;
    const json = JSON.stringify(prev);
    markAttemptFailed(this.data, id, error, now, expireMs);
    this.touch('outbox', id, 'update', () => {
      this.data.outbox[id] = JSON.parse(json) as OutboxEntry;
    });
  }

  /** Makes every pending message of a platform due now; returns how many. */
  retryPlatformNow(platform: string, now: Date): number {
    const before = new Map(Object.values(this.data.outbox).map((e) => [e.id, e.nextAt]));
    const n = retryPlatformNow(this.data, platform, now);
    for (const e of Object.values(this.data.outbox)) {
      const was = before.get(e.id);
      if (was === undefined || was === e.nextAt) continue;
      this.touch('outbox', e.id, 'update', () => {
        const cur = this.data.outbox[e.id];
        if (cur) cur.nextAt = was;
      });
    }
    return n;
  }

  /**
   * The entries of `ids` this replica may send now: those of its platforms that no other replica is sending, taken
   * with FOR UPDATE SKIP LOCKED and leased to this replica (a failed attempt or a delivery ends the lease; a replica
   * that dies mid-send loses it after outboxLeaseMs).
   */
  async claimOutbox(ids: string[], platforms: string[]): Promise<string[]> {
    const wanted = ids.filter((id) => {
      const e = this.data.outbox[id];
      return e !== undefined && platforms.includes(e.to.platform);
    });
    if (wanted.length === 0 || this.opts.readOnly || this.closed) return [];
    try {
      const r = await this.pool.query(
        `WITH picked AS (
           SELECT id FROM outbox WHERE id = ANY($1::text[]) AND state = 'pending'
             AND (taken_until IS NULL OR taken_until < now() OR taken_by = $2)
           FOR UPDATE SKIP LOCKED)
         UPDATE outbox o SET taken_by = $2, taken_until = now() + make_interval(secs => $3)
         FROM picked WHERE o.id = picked.id RETURNING o.id`,
        [wanted, this.replica, (this.opts.outboxLeaseMs ?? 60_000) / 1000],
      );
      return r.rows.map((row) => row.id as string);
    } catch (e) {
      this.opts.onError?.(e, 'outbox');
      return [];
    }
  }

  // ---- other replicas' changes

  /** Brings the copy in memory up to date with every replica's commits (coalesced; runs between writes). */
  refresh(): Promise<void> {
    if (this.opts.readOnly || this.closed) return Promise.resolve();
    this.refreshing ??= this.serial(async () => {
      this.refreshing = undefined;
      if (!this.closed) await this.feed.catchUp();
    });
    return this.refreshing;
  }

  // ---- shutdown

  /** Writes what is pending (unless `flush: false`, as a kill would) and closes the connections. */
  /** The replicas running on the database now (their names), as `plan-bot status` reports them. */
  async runningReplicas(): Promise<string[]> {
    const client = await this.pool.connect();
    try {
      return await runningReplicas(client);
    } finally {
      client.release();
    }
  }

  async close(opts: { compact?: boolean; flush?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    if (this.soon) clearTimeout(this.soon);
    for (const t of this.timers) clearInterval(t);
    if (!this.opts.readOnly && opts.flush !== false) await this.commitAll(true).catch(noop);
    this.closed = true;
    await this.idle();
    await this.feed.stop();
    await this.pool.end().catch(noop);
  }
}

/**
 * Records stored before plans (no plan) are filed under the plan the bot had then, once, at a start: the plan is kept
 * in settings as plans_legacy (an earlier choice stays) and written into them.
 */
async function fileUnderLegacyPlan(pool: pg.Pool, legacyPlan: string): Promise<void> {
  await pool.query(
    `WITH old AS (SELECT 1 FROM checkins WHERE plan IS NULL LIMIT 1),
      kept AS (INSERT INTO settings (key, value) SELECT 'plans_legacy', $1 FROM old ON CONFLICT (key) DO NOTHING)
    SELECT 1`,
    [legacyPlan],
  );
  await pool.query(
    `UPDATE checkins SET plan = (SELECT value FROM settings WHERE key = 'plans_legacy') WHERE plan IS NULL`,
  );
}

export { DuplicateJob, DuplicateMessage };
