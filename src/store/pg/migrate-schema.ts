import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { projectRoot } from '../../project-root.js';
import { StoreError } from '../store-error.js';
import { maskUrl } from './pg-url.js';

/** One numbered migration file: 001-initial.sql → version 1. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Advisory lock key taken (on a dedicated connection) while migrating, so that replicas starting together wait. */
const MIGRATE_LOCK = 72_105_310;

/**
 * The folder of the SQL files: the source tree's when there is one (a checkout: always the files as edited), else the
 * copy next to the built module (`npm run build` copies them; the Docker image and the package have only dist/).
 */
function migrationsDir(): string {
  const source = path.join(projectRoot(), 'src/store/pg/migrations');
  return existsSync(source) ? source : path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
}

/** The migration files, in version order; a gap or a repeated number is a packaging error. */
export function migrationFiles(dir = migrationsDir()): Migration[] {
  const out = readdirSync(dir)
    .flatMap((f) => {
      const m = /^(\d{3})-([a-z0-9-]+)\.sql$/.exec(f);
      return m
        ? [{ version: Number(m[1]), name: m[2] as string, sql: readFileSync(path.join(dir, f), 'utf8') }]
        : [];
    })
    .sort((a, b) => a.version - b.version);
  out.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration ${m.version} (${m.name}) is out of sequence in ${dir}`);
  });
  return out;
}

/** The newest schema version this plan-bot knows. */
export function latestSchemaVersion(): number {
  return migrationFiles().length;
}

/** The schema version of a database (0: plan-bot never ran there). */
export async function schemaVersion(client: pg.ClientBase): Promise<number> {
  const t = await client.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  if (!t.rows[0]?.present) return 0;
  const r = await client.query('SELECT coalesce(max(version), 0) AS v FROM schema_migrations');
  return Number(r.rows[0]?.v ?? 0);
}

/** Refuses a database migrated by a newer plan-bot. */
export function checkNotNewer(url: string, version: number): void {
  const known = latestSchemaVersion();
  if (version > known)
    throw new StoreError(
      `数据库 ${maskUrl(url)} 的数据表版本是 ${version}，由更新的 plan-bot 写入；这个 plan-bot 只认识到版本 ${known}。请运行那个版本或更新的版本；什么也没有改动。`,
    );
}

/**
 * Brings a database to the newest schema: the files not yet applied, in order, each in its own transaction with
 * its row in `schema_migrations`. Holds an advisory lock on a dedicated connection (not a pooled one, which could
 * hand the lock to another caller) so that replicas starting at once migrate one after the other.
 */
export async function migrateSchema(url: string): Promise<{ from: number; to: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer     PRIMARY KEY,
      name       text        NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const from = await schemaVersion(client);
    checkNotNewer(url, from);
    const todo = migrationFiles().filter((m) => m.version > from);
    for (const m of todo) {
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw new StoreError(
          `在 ${maskUrl(url)} 上执行 ${String(m.version).padStart(3, '0')}-${m.name}.sql 失败：${(e as Error).message}；数据库仍是版本 ${m.version - 1}。`,
        );
      }
    }
    return { from, to: from + todo.length };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK]).catch(() => {});
    await client.end().catch(() => {});
  }
}
