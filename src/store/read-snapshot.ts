import { readFile } from 'node:fs/promises';
import { APP_VERSION } from './app-version.js';
import type { Op } from './change-tracker.js';
import { type Checkin, DB_SCHEMA_VERSION, type Db, dbSchema } from './db-schema.js';
import { StoreError } from './store-error.js';

/**
 * The plan a data directory of the single-plan version (schema 2 and older) is taken to have had when the one who
 * opens it names none: the bundled plan, which that version loaded by default. The bot names the real one.
 */
export const SINGLE_PLAN_ID = 'jishan-2021';

/** How an older file or journal is upgraded: the plan its records belong to. */
export interface MigrateOptions {
  /** Id of the plan the single-plan version's records are filed under (default SINGLE_PLAN_ID). */
  legacyPlan?: string;
}

/**
 * Upgrades an older file's contents in memory (the file itself is rewritten at the next snapshot): schema 1 had
 * no outbox or inbox; schema 2 had one plan, so its records are given that plan's id and the id is kept as
 * `plans.legacy` (journal lines of that version replayed later get the same one).
 */
function migrate(data: Record<string, unknown>, opts: MigrateOptions): Record<string, unknown> {
  let d = data;
  if (d.schemaVersion === 1) d = { ...d, schemaVersion: 2, outbox: d.outbox ?? {}, inbox: d.inbox ?? {} };
  if (d.schemaVersion === 2) {
    const legacy = opts.legacyPlan ?? SINGLE_PLAN_ID;
    const checkins = Array.isArray(d.checkins)
      ? d.checkins.map((c: unknown) =>
          c && typeof c === 'object' && !('plan' in c)
            ? { id: (c as { id?: unknown }).id, plan: legacy, ...(c as object) }
            : c,
        )
      : d.checkins;
    d = { ...d, schemaVersion: 3, checkins, plans: { legacy, chats: {}, stopped: [] } };
  }
  return d;
}

/**
 * Journal lines written by the single-plan version carry check-ins without a plan: they are given the plan of the
 * data directory's other old records (`plans.legacy`, recorded when it is first needed).
 */
export function upgradeJournalOps(data: Db, ops: Op[], opts: MigrateOptions): void {
  for (const op of ops) {
    if (op.t !== 'add' && op.t !== 'upd') continue;
    for (const c of op.v as Partial<Checkin>[]) {
      if (c.plan !== undefined) continue;
      data.plans.legacy ??= opts.legacyPlan ?? SINGLE_PLAN_ID;
      c.plan = data.plans.legacy;
    }
  }
}

/** Validates parsed database contents; the error names the file, each bad field's path, and a newer writer. */
export function checkDb(file: string, data: unknown, opts: MigrateOptions = {}): Db {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new StoreError(`数据库 ${file} 不是一个 JSON 对象；文件未做任何改动。`);
  const raw = data as Record<string, unknown>;
  const version = raw.schemaVersion;
  if (typeof version === 'number' && version > DB_SCHEMA_VERSION) {
    const by = typeof raw.writtenBy === 'string' ? `plan-bot v${raw.writtenBy}` : '更新版本的 plan-bot';
    throw new StoreError(
      `数据库 ${file} 由 ${by} 写入（格式 ${version}），当前是 plan-bot v${APP_VERSION}（格式 ${DB_SCHEMA_VERSION}）。请运行那个版本或更新的版本；文件未做任何改动。`,
    );
  }
  const r = dbSchema.safeParse(migrate(raw, opts));
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 8).map((i) => {
    const where = i.path.join('.') || '(root)';
    if (i.code === 'unrecognized_keys')
      return `  - ${where}：未知字段 ${i.keys.map((k) => `${where === '(root)' ? '' : `${where}.`}${k}`).join(', ')}（不是 plan-bot 写的；请删除或改正）`;
    return `  - ${where}: ${i.message}`;
  });
  throw new StoreError(`数据库 ${file} 的内容不符合格式要求；文件未做任何改动：\n${issues.join('\n')}`);
}

/** Reads and validates the snapshot file; null when it does not exist yet. */
export async function readSnapshot(file: string, opts: MigrateOptions = {}): Promise<Db | null> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreError(`无法读取数据库 ${file}：${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new StoreError(
      `数据库 ${file} 不是有效的 JSON（${(e as Error).message}）；文件未做任何改动。请从备份恢复，或把它移走以空数据库启动。`,
    );
  }
  return checkDb(file, data, opts);
}
