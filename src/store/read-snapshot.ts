import { readFile } from 'node:fs/promises';
import { APP_VERSION } from './app-version.js';
import { DB_SCHEMA_VERSION, type Db, dbSchema } from './db-schema.js';
import { StoreError } from './store-error.js';

/** Upgrades an older file's contents in memory (the file itself is rewritten at the next snapshot). */
function migrate(data: Record<string, unknown>): Record<string, unknown> {
  if (data.schemaVersion === 1) {
    return { ...data, schemaVersion: 2, outbox: data.outbox ?? {}, inbox: data.inbox ?? {} };
  }
  return data;
}

/** Validates parsed database contents; the error names the file, each bad field's path, and a newer writer. */
export function checkDb(file: string, data: unknown): Db {
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
  const r = dbSchema.safeParse(migrate(raw));
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
export async function readSnapshot(file: string): Promise<Db | null> {
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
  return checkDb(file, data);
}
