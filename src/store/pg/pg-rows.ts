import pg from 'pg';
import type {
  AdminEntry,
  Checkin,
  DeadlineOverride,
  Escalation,
  Evidence,
  InboxEntry,
  OutboxEntry,
  RosterUnit,
  Round,
} from '../db-schema.js';

/** Type parsers of every connection: a `date` column comes back as its YYYY-MM-DD text, not a local midnight. */
export const PG_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.DATE
      ? (s: string) => s
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

// Rows as JSON objects keyed by column name: written with json_populate_recordset(null::table, $1), so that a new
// column is one key here and one migration file, not a list of positional parameters.

/** An instant as stored: the JS side keeps ISO strings, PostgreSQL a timestamptz. */
const iso = (d: Date | string): string =>
  typeof d === 'string' ? new Date(d).toISOString() : d.toISOString();

/** A check-in as a `checkins` row (its evidence goes to the `evidence` table). */
export function checkinRow(c: Checkin): Record<string, unknown> {
  return {
    id: c.id,
    plan: c.plan,
    unit: c.unit,
    task: c.task,
    week: c.week,
    progress: c.progress,
    status: c.status,
    note: c.note,
    by_platform: c.by.platform,
    by_id: c.by.id,
    by_name: c.by.name ?? null,
    by_member: c.by.member ?? null,
    at: c.at,
    late: c.late,
    msg_id: c.msgId,
    withdrawn: c.withdrawn,
    withdrawn_at: c.withdrawnAt ?? null,
    review_state: c.review?.state ?? null,
    review_by_platform: c.review?.by.platform ?? null,
    review_by_id: c.review?.by.id ?? null,
    review_by_name: c.review?.by.name ?? null,
    review_at: c.review?.at ?? null,
    review_reason: c.review?.reason ?? null,
    resubmit_of: c.resubmitOf ?? null,
  };
}

/** The evidence of a check-in as `evidence` rows. */
export function evidenceRows(c: Checkin): Record<string, unknown>[] {
  return (c.evidence ?? []).map((e, n) => ({
    checkin_id: c.id,
    n,
    file: e.file,
    name: e.name,
    kind: e.kind,
    bytes: e.bytes,
    at: e.at,
    msg_id: e.msgId,
  }));
}

/** Columns of `checkins` written by the bot (pos is assigned by the database). */
export const CHECKIN_COLUMNS = Object.keys(checkinRow({ by: {} } as Checkin));

/**
 * A `checkins` row (with its evidence) as the bot's record, fields in the schema's order; a row stored before plans
 * (no plan) gets `legacyPlan`.
 */
export function checkinOf(
  r: Record<string, unknown>,
  evidence: Evidence[] | undefined,
  legacyPlan: string,
): Checkin {
  const by: Checkin['by'] = { platform: r.by_platform as Checkin['by']['platform'], id: r.by_id as string };
  if (r.by_name !== null) by.name = r.by_name as string;
  if (r.by_member !== null) by.member = r.by_member as string;
  const c: Checkin = {
    id: r.id as string,
    plan: (r.plan as string | null) ?? legacyPlan,
    unit: r.unit as string,
    task: r.task as number,
    week: r.week as string,
    progress: r.progress as number | null,
    status: r.status as Checkin['status'],
    note: r.note as string,
    by,
    at: iso(r.at as Date),
    late: r.late as boolean,
    msgId: r.msg_id as string,
    withdrawn: r.withdrawn as boolean,
  };
  if (r.withdrawn_at !== null) c.withdrawnAt = iso(r.withdrawn_at as Date);
  if (evidence) c.evidence = evidence;
  if (r.review_state !== null) {
    const by: NonNullable<Checkin['review']>['by'] = {
      platform: r.review_by_platform as Checkin['by']['platform'],
      id: r.review_by_id as string,
    };
    if (r.review_by_name !== null) by.name = r.review_by_name as string;
    c.review = { state: r.review_state as 'confirmed' | 'returned', by, at: iso(r.review_at as Date) };
    if (r.review_reason !== null) c.review.reason = r.review_reason as string;
  }
  if (r.resubmit_of !== null) c.resubmitOf = r.resubmit_of as string;
  return c;
}

/** An `evidence` row as the bot's evidence entry. */
export function evidenceOf(r: Record<string, unknown>): Evidence {
  return {
    file: r.file as string,
    name: r.name as string,
    kind: r.kind as Evidence['kind'],
    bytes: Number(r.bytes),
    at: iso(r.at as Date),
    msgId: r.msg_id as string,
  };
}

/** A roster unit as a `roster_units` row and its `roster_members` rows. */
export function unitRows(
  u: RosterUnit,
  pos: number,
): { unit: Record<string, unknown>; members: Record<string, unknown>[] } {
  return {
    unit: { unit: u.unit, pos, chat_platform: u.chat?.platform ?? null, chat_id: u.chat?.id ?? null },
    members: u.members.map((m, i) => ({
      unit: u.unit,
      pos: i,
      platform: m.platform,
      id: m.id,
      name: m.name,
      role: m.role,
    })),
  };
}

/** A `roster_units` row and its members (in order) as the bot's roster unit. */
export function unitOf(r: Record<string, unknown>, members: Record<string, unknown>[]): RosterUnit {
  const u: RosterUnit = {
    unit: r.unit as string,
    members: members.map((m) => ({
      platform: m.platform as RosterUnit['members'][number]['platform'],
      id: m.id as string,
      name: m.name as string,
      role: m.role as 'liaison' | 'backup',
    })),
  };
  if (r.chat_id !== null)
    u.chat = {
      platform: r.chat_platform as RosterUnit['members'][number]['platform'],
      id: r.chat_id as string,
    };
  // the schema's order: unit, chat, members
  return u.chat ? { unit: u.unit, chat: u.chat, members: u.members } : u;
}

/** An outbox entry as an `outbox` row (the lease columns are the database's own). */
export function outboxRow(e: OutboxEntry): Record<string, unknown> {
  return {
    id: e.id,
    source: e.source,
    platform: e.to.platform,
    address: e.to,
    text: e.text,
    card: e.card ?? null,
    buttons: e.buttons ?? null,
    form: e.form ?? null,
    created_at: e.createdAt,
    next_at: e.nextAt,
    attempts: e.attempts,
    last_error: e.lastError ?? null,
    state: e.state,
  };
}

/** Columns of `outbox` written by the bot. */
export const OUTBOX_COLUMNS = Object.keys(outboxRow({ to: {} } as OutboxEntry));

/** An `outbox` row as the bot's entry, fields in the schema's order. */
export function outboxOf(r: Record<string, unknown>): OutboxEntry {
  const e: OutboxEntry = {
    id: r.id as string,
    source: r.source as string,
    to: r.address as OutboxEntry['to'],
    text: r.text as string,
  } as OutboxEntry;
  if (r.card !== null) e.card = r.card;
  if (r.buttons !== null) e.buttons = r.buttons;
  if (r.form !== null) e.form = r.form;
  e.createdAt = iso(r.created_at as Date);
  e.nextAt = iso(r.next_at as Date);
  e.attempts = r.attempts as number;
  if (r.last_error !== null) e.lastError = r.last_error as string;
  e.state = r.state as OutboxEntry['state'];
  return e;
}

/** An inbox entry as an `inbox` row. */
export function inboxRow(e: InboxEntry): Record<string, unknown> {
  return { id: e.id, received_at: e.receivedAt, message: e.message };
}

/** An `inbox` row as the bot's entry. */
export function inboxOf(r: Record<string, unknown>): InboxEntry {
  return {
    id: r.id as string,
    receivedAt: iso(r.received_at as Date),
    message: r.message as Record<string, unknown>,
  };
}

/** An escalation as an `escalations` row. */
export function escalationRow(key: string, e: Escalation): Record<string, unknown> {
  return {
    key,
    unit: e.unit,
    plan: e.plan,
    reason: e.reason,
    level: e.level,
    week: e.week,
    at: e.at,
    why: e.why,
    sent_to: e.to,
    follows: e.follows ?? null,
    resolved: e.resolved ?? null,
  };
}

/** An `escalations` row as the bot's entry. */
export function escalationOf(r: Record<string, unknown>): Escalation {
  const e: Escalation = {
    unit: r.unit as string,
    plan: r.plan as string,
    reason: r.reason as Escalation['reason'],
    level: r.level as 1 | 2,
    week: r.week as string,
    at: iso(r.at as Date),
    why: r.why as string,
    to: r.sent_to as string[],
  };
  if (r.follows !== null) e.follows = r.follows as string;
  if (r.resolved !== null) e.resolved = r.resolved as string;
  return e;
}

/** A weekly round as a `rounds` row. */
export function roundRow(key: string, r: Round): Record<string, unknown> {
  return { key, plan: r.plan, week: r.week, at: r.at, units: r.units };
}

/** A `rounds` row as the bot's entry. */
export function roundOf(r: Record<string, unknown>): Round {
  return {
    plan: r.plan as string,
    week: r.week as string,
    at: iso(r.at as Date),
    units: r.units as string[],
  };
}

/** A deadline set in chat as a `deadlines` row. */
export function deadlineRow(key: string, d: DeadlineOverride): Record<string, unknown> {
  return {
    key,
    plan: d.plan,
    task: d.task,
    date: d.date,
    by_platform: d.by.platform,
    by_id: d.by.id,
    by_name: d.by.name ?? null,
    at: d.at,
  };
}

/** A `deadlines` row as the bot's entry. */
export function deadlineOf(r: Record<string, unknown>): DeadlineOverride {
  const by: DeadlineOverride['by'] = {
    platform: r.by_platform as DeadlineOverride['by']['platform'],
    id: r.by_id as string,
  };
  if (r.by_name !== null) by.name = r.by_name as string;
  return {
    plan: r.plan as string,
    task: r.task as number,
    date: r.date as string,
    by,
    at: iso(r.at as Date),
  };
}

/** The key of an admin added in chat in the change log and in memory: `platform:id`. */
export function adminKey(a: { platform: string; id: string }): string {
  return `${a.platform}:${a.id}`;
}

/** An admin added in chat as an `admins` row. */
export function adminRow(a: AdminEntry): Record<string, unknown> {
  return {
    platform: a.platform,
    id: a.id,
    name: a.name ?? null,
    added_by: a.addedBy,
    added_at: a.addedAt,
  };
}

/** An `admins` row as the bot's entry, fields in the schema's order. */
export function adminOf(r: Record<string, unknown>): AdminEntry {
  return {
    platform: r.platform as AdminEntry['platform'],
    id: r.id as string,
    ...(r.name !== null ? { name: r.name as string } : {}),
    addedBy: r.added_by as string,
    addedAt: iso(r.added_at as Date),
  };
}

/** The keyed maps of the data: their tables, and their rows to and from the bot's map entries. */
export const KEYED_MAPS = {
  escalations: { table: 'escalations', row: escalationRow, of: escalationOf },
  rounds: { table: 'rounds', row: roundRow, of: roundOf },
  deadlines: { table: 'deadlines', row: deadlineRow, of: deadlineOf },
  usedLinks: {
    table: 'used_links',
    row: (key: string, expires: string) => ({ key, expires_at: expires }),
    of: (r: Record<string, unknown>) => iso(r.expires_at as Date),
  },
} as const;

/** The instant of a timestamptz column as the bot's ISO string. */
export function instantOf(v: unknown): string {
  return iso(v as Date);
}
