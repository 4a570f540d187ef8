import type { IncomingMessage, OutgoingText } from '../shared/types.js';
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
} from './db-schema.js';

/**
 * The bot's database as the rest of the bot sees it: `data` is read freely, and changed only through the
 * operations below (checked by tests/shape); `commit()` makes the changes durable, all or none. The JSON file
 * store is the default implementation.
 */
export interface Store {
  /** The current data: read it; never assign into it outside src/store. */
  readonly data: Db;
  /** Writes every change made so far; resolves when durable, rejects (and rolls memory back) otherwise. */
  commit(): Promise<void>;
  /** Commits within a second, batching cheap changes (processed ids); failures go to `onError`. */
  commitSoon(onError: (err: unknown) => void): void;

  /** True when a message id was processed before (or is being processed). */
  hasSeen(key: string): boolean;
  /** Claims a message id for handling; false when it is a duplicate. */
  markSeen(key: string): boolean;
  /**
   * Runs the handling of a message: a commit inside it also settles the message, in the same write. Resolves with
   * no items when the message turned out to be handled already (by another replica sharing the database).
   */
  handlingMessage<T>(key: string, run: () => Promise<T[]>): Promise<T[]>;
  /** Records a claimed message id as processed and removes the message from the inbox. */
  settle(key: string): void;
  /** Stores an incoming message in the inbox and waits until it is durable. */
  receive(msg: IncomingMessage, now: Date): Promise<void>;
  /** Drops a message from the inbox without handling it (a stale backlog question). */
  dropInbox(key: string): void;

  /** Appends check-in records. */
  addCheckins(records: Checkin[]): void;
  /** Changes stored check-ins in place (withdrawal, evidence): their old state is kept until durable. */
  changeCheckins(records: Checkin[], change: (c: Checkin) => void): void;

  /** Replaces the whole roster (a roster file or a replay); `seed` is the hash of the file it came from. */
  setRoster(units: RosterUnit[], seed?: string): void;
  /** Adds a member to a unit; returns the unit they were moved from. */
  bindMember(unit: string, member: Member): string | undefined;
  /** Removes a member; returns the unit they were in. */
  unbindMember(platform: string, id: string): string | undefined;
  /** Makes a chat a unit's work chat; returns the unit that had it before. */
  setUnitChat(unit: string, chat: { platform: Member['platform']; id: string }): string | undefined;

  /** Adds an admin (added in chat by another admin); false when they are one already. */
  addAdmin(entry: AdminEntry): boolean;
  /** Removes an admin added in chat; false when there was none with that id. */
  removeAdmin(platform: string, id: string): boolean;
  /** Sets (or with undefined clears) a chat's default plan for questions (`platform:chatId`). */
  setChatPlan(chat: string, plan: string | undefined): void;
  /** Stops a plan (kept and exportable, no prompts, no reports) or starts it again. */
  setPlanStopped(plan: string, stopped: boolean): void;

  /** Keeps an open ask-back of a conversation (what was asked and when). */
  setPending(key: string, text: string, at: Date): void;
  /** Forgets a conversation's open ask-back. */
  clearPending(key: string): void;

  /** Marks a weekly job (or the scheduler's cursor) as run at `at`. */
  setJob(key: string, at: Date): void;

  /** Records an escalation sent (or its resolution), under `unit|plan|reason|week`. */
  putEscalation(key: string, entry: Escalation): void;
  /** Records the units a week's prompt went to, under `plan|week`. */
  putRound(key: string, round: Round): void;
  /** Sets a task's deadline under `plan|task`, or removes it (undefined). */
  setDeadlineOverride(key: string, entry: DeadlineOverride | undefined): void;

  /** Queues a message for delivery; returns its entry. */
  enqueue(out: OutgoingText, source: string, now: Date): OutboxEntry;
  /** Removes a message from the outbox (delivered, reported as failed, or taken back). */
  dropOutbox(id: string): void;
  /** Records a failed delivery attempt: retried after a back-off, or failed once older than `expireMs`. */
  markAttemptFailed(id: string, error: string, now: Date, expireMs: number): void;
  /** Makes every pending message of a platform due now; returns how many. */
  retryPlatformNow(platform: string, now: Date): number;
  /**
   * Of the due entries `ids`, those this process may send now: all of them for a store of its own; with replicas,
   * those of `platforms` (its adapters) that no other replica is sending (taken and leased in the database).
   */
  claimOutbox(ids: string[], platforms: string[]): Promise<string[]>;

  /** Brings `data` up to date with what other replicas committed (nothing to do for a store of its own). */
  refresh(): Promise<void>;

  /**
   * Records a one-time login link as used, so that it never works again (also after a restart, once committed);
   * false when it was used before. Records of links expired by `now` are dropped.
   */
  claimLoginLink(id: string, expiresAt: Date, now: Date): boolean;

  /** Writes what is pending and releases the data (`flush: false` drops uncommitted changes, as a kill would). */
  close(opts?: { compact?: boolean; flush?: boolean }): Promise<void>;
}
