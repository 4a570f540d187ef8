import { z } from 'zod';
import { STATUSES } from '../shared/status.js';

/** Current version of the database file; older versions are migrated in read-snapshot.ts. */
export const DB_SCHEMA_VERSION = 3;

/** An ISO 8601 instant with a zone ("2021-06-07T02:00:00.000Z"); "yesterday" is refused at start, not at export. */
export const instant = z.iso.datetime({ offset: true });

/** Platforms a member can be reached on. */
export const platformSchema = z.enum(['lark', 'wechat', 'wecom', 'console']);

/** A person who answers for a unit on one platform. */
export const memberSchema = z.strictObject({
  platform: platformSchema,
  id: z.string().min(1),
  name: z.string().min(1),
  /** liaison reports, backup stands in, leader (分管领导) hears the unit's escalations (docs/supervision.md). */
  role: z.enum(['liaison', 'backup', 'leader']),
});

/** A responsible unit in the roster: its members and optionally a group chat of its own. */
export const rosterUnitSchema = z.strictObject({
  unit: z.string().min(1),
  chat: z.strictObject({ platform: platformSchema, id: z.string().min(1) }).optional(),
  members: z.array(memberSchema),
});

/** An admin added in chat (`添加管理员`) by another admin; the config's PLAN_BOT_ADMINS are not stored. */
export const adminEntrySchema = z.strictObject({
  platform: platformSchema,
  id: z.string().min(1),
  name: z.string().optional(),
  /** `platform:id` of the admin who added them. */
  addedBy: z.string().min(1),
  addedAt: instant,
});

/** Reported state of a task. */
export const statusSchema = z.enum(STATUSES);

/** A photo or file kept as evidence (佐证材料) of a check-in: stored under the data directory's evidence/ folder. */
export const evidenceSchema = z.strictObject({
  /** Path relative to the data directory, e.g. evidence/2021-W23/<id>.jpg; chosen by the bot, never by a user. */
  file: z.string().min(1),
  /** Name as sent (or 图片N.jpg for a photo). */
  name: z.string(),
  kind: z.enum(['image', 'file']),
  bytes: z.number().int().nonnegative(),
  at: instant,
  /** `platform:messageId` of the message that carried it. */
  msgId: z.string(),
});

/** One recorded check-in for one task of one unit in one ISO week; corrections add records, never edit. */
export const checkinSchema = z.strictObject({
  id: z.string().min(1),
  /** The id of the plan the task belongs to (its file's base name); records of the single-plan version get it by migration. */
  plan: z.string().min(1),
  unit: z.string().min(1),
  task: z.number().int().positive(),
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  progress: z.number().min(0).max(100).nullable(),
  status: statusSchema,
  note: z.string(),
  /** The sender: platform identity, the roster name at the time (`member`) and the platform's display name. */
  by: z.strictObject({
    platform: platformSchema,
    id: z.string(),
    name: z.string().optional(),
    member: z.string().optional(),
  }),
  at: instant,
  late: z.boolean(),
  msgId: z.string(),
  withdrawn: z.boolean(),
  withdrawnAt: instant.optional(),
  evidence: z.array(evidenceSchema).optional(),
  /** An admin's review (审核): confirmed, or returned with the reason; absent while it waits (待审核). */
  review: z
    .strictObject({
      state: z.enum(['confirmed', 'returned']),
      by: z.strictObject({ platform: platformSchema, id: z.string(), name: z.string().optional() }),
      at: instant,
      reason: z.string().optional(),
    })
    .optional(),
  /** The id of the returned check-in this one resubmits (the unit's next report on that task after a return). */
  resubmitOf: z.string().optional(),
});

/** Where an outbox message goes (the core's Address). */
export const addressSchema = z.strictObject({
  platform: platformSchema,
  chatId: z.string(),
  userId: z.string().optional(),
  replyTo: z.string().optional(),
  mention: z.string().optional(),
  mentions: z.array(z.string()).optional(),
});

/** A message written before delivery and kept until the platform accepts it or it expires. */
export const outboxEntrySchema = z.strictObject({
  id: z.string().min(1),
  /** What produced it: a weekly job ("prompt:2021-W23") or a reply. */
  source: z.string(),
  to: addressSchema,
  text: z.string(),
  /** The card, buttons and check-in form the platform renders, when there are (kept as given by the core). */
  card: z.unknown().optional(),
  buttons: z.unknown().optional(),
  form: z.unknown().optional(),
  createdAt: instant,
  /** When the next attempt is due. */
  nextAt: instant,
  attempts: z.number().int().nonnegative(),
  lastError: z.string().optional(),
  /** pending: still to deliver; failed: expired undelivered, kept until the admins' digest reports it. */
  state: z.enum(['pending', 'failed']),
});

/** Why a unit is escalated: missed weekly reports in a row, or a task past its deadline and not done. */
export const escalationReasonSchema = z.enum(['missed', 'overdue']);

/**
 * One escalation sent (督办): to the unit's leaders (level 1) or to the county leaders (level 2), keyed
 * `unit|plan|reason|week`; kept so that it is sent once, never again after a restart, and named in the digest.
 */
export const escalationSchema = z.strictObject({
  unit: z.string().min(1),
  plan: z.string().min(1),
  reason: escalationReasonSchema,
  level: z.union([z.literal(1), z.literal(2)]),
  /** The week evaluated when it was sent. */
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  at: instant,
  /** What it said was wrong, as told. */
  why: z.string(),
  /** Who was told, as platform:id (empty: nobody bound to tell; the digest says so). */
  to: z.array(z.string()),
  /** Level 2: the key of the level-1 escalation it follows. */
  follows: z.string().optional(),
  /** Level 1: the week the cause was gone (the unit reported again, the task was done). */
  resolved: z.string().optional(),
});

/** The units a weekly prompt went to (a 报送轮次): the weeks a unit was expected to report, keyed `plan|week`. */
export const roundSchema = z.strictObject({
  plan: z.string().min(1),
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  at: instant,
  units: z.array(z.string()),
});

/** A task deadline an admin set in chat, keyed `plan|task`; it overrides the plan's own. */
export const deadlineOverrideSchema = z.strictObject({
  plan: z.string().min(1),
  task: z.number().int().positive(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  by: z.strictObject({ platform: platformSchema, id: z.string(), name: z.string().optional() }),
  at: instant,
});

/** An incoming platform event stored before the platform is told it arrived; removed once handled. */
export const inboxEntrySchema = z.strictObject({
  id: z.string().min(1),
  receivedAt: instant,
  /** The translated IncomingMessage, with `at` as an ISO instant. */
  message: z.record(z.string(), z.unknown()),
});

/** What the bot keeps about its plans: each chat's default plan, the plans stopped, the plan of the old records. */
export const plansStateSchema = z.strictObject({
  /** The plan the records of a single-plan data directory were given when it was upgraded. */
  legacy: z.string().min(1).optional(),
  /** A chat's default plan for questions (`platform:chatId` → plan id), set by an admin with 本群方案. */
  chats: z.record(z.string(), z.string().min(1)),
  /** Plans stopped by an admin: kept and exportable, no prompts, no reports. */
  stopped: z.array(z.string().min(1)),
});

/** The whole database file. */
export const dbSchema = z.strictObject({
  schemaVersion: z.literal(DB_SCHEMA_VERSION),
  /** Version of plan-bot that wrote the file, so that an older one can say which version to run. */
  writtenBy: z.string().optional(),
  /** Last journal sequence number contained in this snapshot; journal lines after it are replayed. */
  journalSeq: z.number().int().nonnegative().optional(),
  roster: z.array(rosterUnitSchema),
  rosterSeed: z.string().optional(),
  plans: plansStateSchema,
  /** Admins added in chat (absent until the first one is added). */
  admins: z.array(adminEntrySchema).optional(),
  checkins: z.array(checkinSchema),
  seen: z.array(z.string()),
  jobs: z.record(z.string(), instant),
  pending: z.record(z.string(), z.strictObject({ text: z.string(), at: instant })),
  outbox: z.record(z.string(), outboxEntrySchema),
  inbox: z.record(z.string(), inboxEntrySchema),
  // supervision (docs/supervision.md); absent in data written before it
  escalations: z.record(z.string(), escalationSchema).optional(),
  rounds: z.record(z.string(), roundSchema).optional(),
  deadlines: z.record(z.string(), deadlineOverrideSchema).optional(),
  /**
   * One-time web login links already used (link id → when the link expires, docs/web.md): a link is refused once
   * it is here; an entry is dropped once its link has expired. Absent in data written before the web view.
   */
  usedLinks: z.record(z.string(), instant).optional(),
});

/** A roster member. */
export type Member = z.infer<typeof memberSchema>;
/** An admin added in chat. */
export type AdminEntry = z.infer<typeof adminEntrySchema>;
/** A roster unit. */
export type RosterUnit = z.infer<typeof rosterUnitSchema>;
/** A check-in record. */
export type Checkin = z.infer<typeof checkinSchema>;
/** Evidence kept with a check-in. */
export type Evidence = z.infer<typeof evidenceSchema>;
/** A task status. */
export type Status = z.infer<typeof statusSchema>;
/** An outbox message. */
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;
/** An inbox event. */
export type InboxEntry = z.infer<typeof inboxEntrySchema>;
/** An escalation sent. */
export type Escalation = z.infer<typeof escalationSchema>;
/** A weekly round of prompts. */
export type Round = z.infer<typeof roundSchema>;
/** A deadline set in chat. */
export type DeadlineOverride = z.infer<typeof deadlineOverrideSchema>;
/** A check-in's review. */
export type Review = NonNullable<Checkin['review']>;
/** The bot's state about its plans. */
export type PlansState = z.infer<typeof plansStateSchema>;
/** The database contents. */
export type Db = z.infer<typeof dbSchema>;

/** An empty database. */
export function emptyDb(): Db {
  return {
    schemaVersion: DB_SCHEMA_VERSION,
    roster: [],
    plans: { chats: {}, stopped: [] },
    checkins: [],
    seen: [],
    jobs: {},
    pending: {},
    outbox: {},
    inbox: {},
  };
}
