import { z } from 'zod';

/** Current version of the database file; bump with a migration in open-store.ts. */
export const DB_SCHEMA_VERSION = 1;

/** Platforms a member can be reached on. */
export const platformSchema = z.enum(['lark', 'wechat', 'wecom', 'console']);

/** A person who answers for a unit on one platform. */
export const memberSchema = z.object({
  platform: platformSchema,
  id: z.string().min(1),
  name: z.string().min(1),
  role: z.enum(['liaison', 'backup']),
});

/** A responsible unit in the roster: its members and optionally a group chat of its own. */
export const rosterUnitSchema = z.object({
  unit: z.string().min(1),
  chat: z.object({ platform: platformSchema, id: z.string().min(1) }).optional(),
  members: z.array(memberSchema),
});

/** Reported state of a task. */
export const statusSchema = z.enum(['normal', 'done', 'delayed', 'blocked', 'none']);

/** A photo or file kept as evidence (佐证材料) of a check-in: stored under the data directory's evidence/ folder. */
export const evidenceSchema = z.object({
  /** Path relative to the data directory, e.g. evidence/2021-W23/<id>.jpg; chosen by the bot, never by a user. */
  file: z.string().min(1),
  /** Name as sent (or 图片N.jpg for a photo). */
  name: z.string(),
  kind: z.enum(['image', 'file']),
  bytes: z.number().int().nonnegative(),
  at: z.string(),
  /** `platform:messageId` of the message that carried it. */
  msgId: z.string(),
});

/** One recorded check-in for one task of one unit in one ISO week; corrections add records, never edit. */
export const checkinSchema = z.object({
  id: z.string().min(1),
  unit: z.string().min(1),
  task: z.number().int().positive(),
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  progress: z.number().min(0).max(100).nullable(),
  status: statusSchema,
  note: z.string(),
  by: z.object({ platform: platformSchema, id: z.string(), name: z.string().optional() }),
  at: z.string(),
  late: z.boolean(),
  msgId: z.string(),
  withdrawn: z.boolean(),
  withdrawnAt: z.string().optional(),
  evidence: z.array(evidenceSchema).optional(),
});

/** The whole database file. */
export const dbSchema = z.object({
  schemaVersion: z.literal(DB_SCHEMA_VERSION),
  roster: z.array(rosterUnitSchema),
  rosterSeed: z.string().optional(),
  checkins: z.array(checkinSchema),
  seen: z.array(z.string()),
  jobs: z.record(z.string(), z.string()),
  pending: z.record(z.string(), z.object({ text: z.string(), at: z.string() })),
});

/** A roster member. */
export type Member = z.infer<typeof memberSchema>;
/** A roster unit. */
export type RosterUnit = z.infer<typeof rosterUnitSchema>;
/** A check-in record. */
export type Checkin = z.infer<typeof checkinSchema>;
/** Evidence kept with a check-in. */
export type Evidence = z.infer<typeof evidenceSchema>;
/** A task status. */
export type Status = z.infer<typeof statusSchema>;
/** The database contents. */
export type Db = z.infer<typeof dbSchema>;

/** An empty database. */
export function emptyDb(): Db {
  return { schemaVersion: DB_SCHEMA_VERSION, roster: [], checkins: [], seen: [], jobs: {}, pending: {} };
}
