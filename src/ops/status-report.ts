import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CALENDAR_HORIZON_DAYS } from '../checkins/calendar-warning.js';
import { loadWorkCalendar } from '../checkins/holidays-file.js';
import type { JobName } from '../checkins/scheduler.js';
import type { Db } from '../store/db-schema.js';
import { DB_FILE } from '../store/file-store.js';
import { pendingCount } from '../store/outbox.js';
import { readDataSync } from '../store/read-data-sync.js';
import { StoreError } from '../store/store-error.js';
import { configuredAdapters } from './configured-adapters.js';
import { packageVersion } from './version.js';

/** What `plan-bot status --json` and `GET /healthz` answer. */
export interface StatusReport {
  /** False when the data directory, the database or holidays.json cannot be used; `problems` says why. */
  ok: boolean;
  version: string;
  dataDir: string;
  /** The PostgreSQL database holding the data (password masked), when it is not the data directory. */
  database?: string;
  /** Check-in records in the database (every version, corrections included). */
  records: number;
  /** When each weekly job last ran (ISO instant), null when it never has. */
  lastRun: Record<JobName, string | null>;
  pendingOutbox: number;
  /** The last day the holiday calendar (chinese-days plus holidays.json) knows, YYYY-MM-DD. */
  calendarCoveredUntil: string;
  /** True when the next 60 days are all covered by the holiday calendar. */
  calendarCoversNext60Days: boolean;
  adapters: string[];
  problems: string[];
}

/** The most recent run of each weekly job, from the scheduler's keys "prompt:2021-W23" → instant. */
function lastRuns(jobs: Record<string, string>): Record<JobName, string | null> {
  const out: Record<JobName, string | null> = { prompt: null, reminder: null, digest: null };
  for (const [key, at] of Object.entries(jobs)) {
    const name = key.split(':')[0] as JobName;
    if (!(name in out)) continue;
    if (!out[name] || Date.parse(at) > Date.parse(out[name] as string)) out[name] = at;
  }
  return out;
}

/** The data read elsewhere (PostgreSQL): what it holds, where, or why it could not be read. */
export interface StatusSource {
  db?: Db;
  database?: string | undefined;
  error?: unknown;
}

/**
 * The bot's status read from its data directory; reads files only, never writes or locks anything. With `from`, the
 * data comes from there (PostgreSQL) and only holidays.json is read from the data directory.
 */
export function readStatus(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  now: Date = new Date(),
  from?: StatusSource,
): StatusReport {
  const problems: string[] = [];
  let records = 0;
  let jobs: Record<string, string> = {};
  const file = path.join(dataDir, DB_FILE);
  let pendingOutbox = 0;
  try {
    if (from?.error) throw from.error;
    // the snapshot and the journal after it, as a start would read them (no database yet is not a fault)
    const db = from?.db ?? readDataSync(dataDir);
    records = db.checkins.length;
    jobs = db.jobs;
    pendingOutbox = pendingCount(db);
  } catch (e) {
    problems.push(
      e instanceof StoreError
        ? (e.message.split('\n')[0] ?? '')
        : `cannot read the database ${from?.database ?? file}: ${(e as Error).message}`,
    );
  }
  let coveredUntil = '';
  let covers = false;
  try {
    const calendar = loadWorkCalendar(dataDir);
    coveredUntil = calendar.coveredUntil();
    covers = calendar.uncoveredFrom(now, CALENDAR_HORIZON_DAYS) === undefined;
  } catch (e) {
    problems.push((e as Error).message);
  }
  return {
    ok: problems.length === 0,
    version: packageVersion(),
    dataDir,
    ...(from?.database ? { database: from.database } : {}),
    records,
    lastRun: lastRuns(jobs),
    pendingOutbox,
    calendarCoveredUntil: coveredUntil,
    calendarCoversNext60Days: covers,
    adapters: configuredAdapters(env),
    problems,
  };
}

/** The status as lines for a person. */
export function statusText(s: StatusReport): string {
  const run = (n: JobName) => s.lastRun[n] ?? 'never';
  return [
    `plan-bot ${s.version}${s.ok ? '' : '  — PROBLEMS, see below'}`,
    `data directory:   ${s.dataDir}`,
    ...(s.database ? [`database:         ${s.database}`] : []),
    `records:          ${s.records} check-ins`,
    `last prompt:      ${run('prompt')}`,
    `last reminder:    ${run('reminder')}`,
    `last digest:      ${run('digest')}`,
    `pending outbox:   ${s.pendingOutbox}`,
    `holiday calendar: known until ${s.calendarCoveredUntil || '?'}${s.calendarCoversNext60Days ? '' : ' — does NOT cover the next 60 days: add holidays.json (plan-bot holidays --help)'}`,
    `adapters:         ${s.adapters.join(', ')}`,
    ...s.problems.map((p) => `problem: ${p}`),
  ].join('\n');
}
