import { existsSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { CALENDAR_HORIZON_DAYS } from '../checkins/calendar-warning.js';
import { loadWorkCalendar } from '../checkins/holidays-file.js';
import type { JobName } from '../checkins/scheduler.js';
import { parseAdmins } from '../config.js';
import { newestBackup, readBackupError } from '../store/backups.js';
import { lockHolder } from '../store/data-lock.js';
import type { Db } from '../store/db-schema.js';
import { DB_FILE } from '../store/file-store.js';
import { pendingCount } from '../store/outbox.js';
import { readDataSync } from '../store/read-data-sync.js';
import { StoreError } from '../store/store-error.js';
import { configuredAdapters } from './configured-adapters.js';
import { packageVersion } from './version.js';

/** An admin as `status` lists them: from PLAN_BOT_ADMINS, or added in chat (by whom, when). */
export interface StatusAdmin {
  id: string;
  source: 'config' | 'chat';
  name?: string;
  addedBy?: string;
  addedAt?: string;
}

/** What `plan-bot status --json` and `GET /healthz` answer. */
export interface StatusReport {
  /** False when something needs the admin: `problems` says what. Not running alone is not a problem here. */
  ok: boolean;
  version: string;
  dataDir: string;
  /** The PostgreSQL database holding the data (password masked), when it is not the data directory. */
  database?: string;
  /** PostgreSQL: how many replicas are running on the database now (`running` when one or more). */
  replicas?: number;
  /** Whether a plan-bot holds the data directory now (its lock is fresh). */
  running: boolean;
  /** The running bot's process id, when it recorded one. */
  pid: number | null;
  /** Check-in records in the database (every version, corrections included). */
  records: number;
  /** When each weekly job last ran (ISO instant), null when it never has. */
  lastRun: Record<JobName, string | null>;
  pendingOutbox: number;
  /** The backup folder, its newest dated backup and how old it is, and the last backup failure if it failed. */
  backup: {
    dir: string;
    newest: string | null;
    at: string | null;
    ageHours: number | null;
    lastError: { at: string; error: string } | null;
  };
  /** The last day the holiday calendar (chinese-days plus holidays.json) knows, YYYY-MM-DD. */
  calendarCoveredUntil: string;
  /** True when the next 60 days are all covered by the holiday calendar. */
  calendarCoversNext60Days: boolean;
  adapters: string[];
  admins: StatusAdmin[];
  problems: string[];
}

/** Exit code of `plan-bot status` when all is well but no bot is running (as LSB init scripts use 3). */
export const EXIT_NOT_RUNNING = 3;

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
  /** Read by the running bot itself (its health check): running, whatever the data directory's lock says. */
  running?: boolean;
  /** The replicas running on the database (PostgreSQL has no data directory lock to look at). */
  replicas?: string[];
}

/**
 * The bot's status read from its data directory; reads files only, never writes or locks anything. `backupDir`
 * is PLAN_BOT_BACKUP_DIR (default DATA/backups). With `from`, the data comes from there (PostgreSQL: backups are
 * pg_dump's, not the data directory's) and only holidays.json and the lock are read from the data directory.
 */
export function readStatus(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  now: Date = new Date(),
  backupDir: string = env.PLAN_BOT_BACKUP_DIR
    ? path.resolve(env.PLAN_BOT_BACKUP_DIR)
    : path.join(dataDir, 'backups'),
  from?: StatusSource,
): StatusReport {
  const problems: string[] = [];
  let records = 0;
  let jobs: Record<string, string> = {};
  let chatAdmins: StatusAdmin[] = [];
  const file = path.join(dataDir, DB_FILE);
  let pendingOutbox = 0;
  const dirExists = existsSync(dataDir) && statSync(dataDir).isDirectory();
  if (!dirExists && !from) {
    problems.push(
      `数据目录不存在：${dataDir}（用 --data DIR 或环境变量 PLAN_BOT_DATA 指定正确的目录；服务的设置见 /etc/plan-bot/plan-bot.env）`,
    );
  } else {
    try {
      if (from?.error) throw from.error;
      // the snapshot and the journal after it, as a start would read them (no database yet is not a fault)
      const db = from?.db ?? readDataSync(dataDir);
      records = db.checkins.length;
      jobs = db.jobs;
      pendingOutbox = pendingCount(db);
      chatAdmins = (db.admins ?? []).map((a) => ({
        id: `${a.platform}:${a.id}`,
        source: 'chat' as const,
        ...(a.name ? { name: a.name } : {}),
        addedBy: a.addedBy,
        addedAt: a.addedAt,
      }));
    } catch (e) {
      problems.push(
        e instanceof StoreError
          ? (e.message.split('\n')[0] ?? '')
          : `无法读取数据库 ${from?.database ?? file}：${(e as Error).message}`,
      );
    }
  }
  const holder = from?.running
    ? { running: true, pid: process.pid }
    : from?.replicas
      ? { running: from.replicas.length > 0, pid: replicaPid(from.replicas) }
      : dirExists
        ? lockHolder(dataDir)
        : { running: false };
  const newest = newestBackup(backupDir);
  const failed = dirExists ? readBackupError(dataDir) : undefined;
  if (failed) {
    problems.push(
      `备份失败（${failed.at}）：无法写入 ${failed.dir}：${failed.error}。检查该目录存在且可写；systemd 下把它加入 plan-bot.service 的 ReadWritePaths=`,
    );
  } else if (!newest && existsSync(file) && !from) {
    problems.push(`还没有备份：${backupDir} 中没有 plan-bot-YYYY-MM-DD.json（机器人启动或每小时保存时写入）`);
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
  const configAdmins: StatusAdmin[] = (parseAdmins(env.PLAN_BOT_ADMINS ?? '') ?? []).map((a) => ({
    id: `${a.platform}:${a.id}`,
    source: 'config',
  }));
  return {
    ok: problems.length === 0,
    version: packageVersion(),
    dataDir,
    ...(from?.database ? { database: from.database } : {}),
    ...(from?.replicas ? { replicas: from.replicas.length } : {}),
    running: holder.running,
    pid: holder.pid ?? null,
    records,
    lastRun: lastRuns(jobs),
    pendingOutbox,
    backup: {
      dir: backupDir,
      newest: newest?.file ?? null,
      at: newest?.at.toISOString() ?? null,
      ageHours: newest ? Math.round(((now.getTime() - newest.at.getTime()) / 3600_000) * 10) / 10 : null,
      lastError: failed ? { at: failed.at, error: failed.error } : null,
    },
    calendarCoveredUntil: coveredUntil,
    calendarCoversNext60Days: covers,
    adapters: configuredAdapters(env),
    admins: [...configAdmins, ...chatAdmins],
    problems,
  };
}

/** The process id of the only replica running on this machine (`host:pid:tag`), else undefined. */
function replicaPid(replicas: string[]): number | undefined {
  const here = replicas.filter((r) => r.startsWith(`${hostname()}:`));
  if (here.length !== 1) return undefined;
  const pid = Number((here[0] as string).split(':')[1]);
  return Number.isInteger(pid) ? pid : undefined;
}

/** An instant as Beijing time, YYYY-MM-DD HH:MM. */
function beijing(iso: string): string {
  return `${new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}`;
}

/** An age in hours as words: 40分钟前, 5小时前, 3天前. */
function ago(hours: number): string {
  if (hours < 1) return `${Math.max(0, Math.round(hours * 60))}分钟前`;
  if (hours < 48) return `${Math.round(hours)}小时前`;
  return `${Math.round(hours / 24)}天前`;
}

/** The status as lines for a person (Chinese, times in Beijing time). */
export function statusText(s: StatusReport): string {
  const run = (n: JobName) => (s.lastRun[n] ? beijing(s.lastRun[n] as string) : '从未运行');
  const b = s.backup;
  const admins = s.admins.map((a) =>
    a.source === 'config'
      ? `${a.id}（PLAN_BOT_ADMINS）`
      : `${a.id}${a.name ? ` ${a.name}` : ''}（聊天中由 ${a.addedBy} 于 ${beijing(a.addedAt ?? '')} 添加）`,
  );
  return [
    `plan-bot ${s.version}  ${s.ok ? '正常' : '有问题，见下'}`,
    s.replicas !== undefined
      ? `运行状态：   ${s.replicas ? `${s.replicas}个副本在运行` : '没有副本在运行'}`
      : `运行状态：   ${s.running ? `运行中（pid ${s.pid ?? '未知'}）` : '未运行'}`,
    `数据目录：   ${s.dataDir}`,
    ...(s.database ? [`数据库：     ${s.database}`] : []),
    `汇报记录：   ${s.records}条`,
    `最近周一提示：${run('prompt')}`,
    `最近周四提醒：${run('reminder')}`,
    `最近周五汇总：${run('digest')}`,
    `待发消息：   ${s.pendingOutbox}条`,
    `最新备份：   ${b.newest ? `${b.newest}（${beijing(b.at as string)}，${ago(b.ageHours ?? 0)}）` : `没有（${b.dir}）`}`,
    `节假日日历： 已知至 ${s.calendarCoveredUntil || '?'}${s.calendarCoversNext60Days ? '' : '，未覆盖未来60天：请补充 holidays.json（plan-bot holidays --help）'}`,
    `聊天平台：   ${s.adapters.join('、')}`,
    `管理员：     ${admins.length ? admins.join('、') : '无（在 PLAN_BOT_ADMINS 中设置，或由管理员在聊天中发送“添加管理员”）'}`,
    ...s.problems.map((p) => `问题：${p}`),
  ].join('\n');
}
