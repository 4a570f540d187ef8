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
    throw new StoreError(`the database ${file} is not a JSON object; it was left untouched.`);
  const raw = data as Record<string, unknown>;
  const version = raw.schemaVersion;
  if (typeof version === 'number' && version > DB_SCHEMA_VERSION) {
    const by = typeof raw.writtenBy === 'string' ? `plan-bot v${raw.writtenBy}` : 'a newer plan-bot';
    throw new StoreError(
      `the database ${file} was written by ${by} (schema ${version}); this is plan-bot v${APP_VERSION} (schema ${DB_SCHEMA_VERSION}). Run that version or newer; the file was left untouched.`,
    );
  }
  const r = dbSchema.safeParse(migrate(raw));
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 8).map((i) => {
    const where = i.path.join('.') || '(root)';
    if (i.code === 'unrecognized_keys')
      return `  - ${where}: unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `${where === '(root)' ? '' : `${where}.`}${k}`).join(', ')} (not written by plan-bot; remove or fix it)`;
    return `  - ${where}: ${i.message}`;
  });
  throw new StoreError(
    `the database ${file} does not match the expected schema; it was left untouched:\n${issues.join('\n')}`,
  );
}

/** Reads and validates the snapshot file; null when it does not exist yet. */
export async function readSnapshot(file: string): Promise<Db | null> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreError(`cannot read the database ${file}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new StoreError(
      `the database ${file} is not valid JSON (${(e as Error).message}); it was left untouched. Restore it from a backup or move it away to start empty.`,
    );
  }
  return checkDb(file, data);
}
