import { createHash } from 'node:crypto';
import type { Db } from './db-schema.js';

/** An ISO instant with a zone: compared as the instant it names (2021-06-07T10:00:00+08:00 = …02:00:00.000Z). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** JSON with object keys sorted and instants normalized: the same data gives the same text in either store. */
function canonical(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(INSTANT.test(v) ? new Date(v).toISOString() : v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** What `plan-bot migrate` counts and compares. */
export interface DbSummary {
  counts: Record<string, number>;
  /** sha256 of each part of the data, and of all of them. */
  sums: Record<string, string>;
}

/**
 * Counts and checksums of a database's contents, part by part (check-ins in their order, roster, processed ids as
 * a set, jobs, ask-backs, outbox, inbox), independent of the store that holds them: a copy is verified by equal sums.
 */
export function summarizeDb(db: Db): DbSummary {
  const parts: Record<string, unknown> = {
    checkins: db.checkins,
    roster: { units: db.roster, seed: db.rosterSeed ?? null },
    // the order plans were stopped in is not kept by PostgreSQL (a set)
    plans: { ...db.plans, stopped: [...db.plans.stopped].sort() },
    // admins added in chat, as a set (absent until the first one: the same as none)
    admins: [...(db.admins ?? [])].sort((a, b) =>
      `${a.platform}:${a.id}` < `${b.platform}:${b.id}` ? -1 : 1,
    ),
    seen: [...db.seen].sort(),
    jobs: db.jobs,
    pending: db.pending,
    outbox: db.outbox,
    inbox: db.inbox,
    // supervision (absent in data written before it: the same as empty)
    escalations: db.escalations ?? {},
    rounds: db.rounds ?? {},
    deadlines: db.deadlines ?? {},
    usedLinks: db.usedLinks ?? {},
  };
  const sums: Record<string, string> = {};
  const all = createHash('sha256');
  for (const [k, v] of Object.entries(parts)) {
    const text = canonical(v);
    sums[k] = createHash('sha256').update(text).digest('hex');
    all.update(`${k}:${sums[k]}\n`);
  }
  sums.all = all.digest('hex');
  return {
    counts: {
      checkins: db.checkins.length,
      evidence: db.checkins.reduce((n, c) => n + (c.evidence?.length ?? 0), 0),
      rosterUnits: db.roster.length,
      rosterMembers: db.roster.reduce((n, u) => n + u.members.length, 0),
      processedIds: db.seen.length,
      jobs: Object.keys(db.jobs).length,
      pending: Object.keys(db.pending).length,
      outbox: Object.keys(db.outbox).length,
      inbox: Object.keys(db.inbox).length,
      escalations: Object.keys(db.escalations ?? {}).length,
      rounds: Object.keys(db.rounds ?? {}).length,
      deadlines: Object.keys(db.deadlines ?? {}).length,
      usedLinks: Object.keys(db.usedLinks ?? {}).length,
      admins: db.admins?.length ?? 0,
    },
    sums,
  };
}
