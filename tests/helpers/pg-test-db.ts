import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_TYPES } from '../../src/store/pg/pg-rows.js';

/** The PostgreSQL server the PostgreSQL tests use (.ci/run starts one and sets it); unset: they are skipped. */
export const PG_SERVER = process.env.PLAN_BOT_TEST_DATABASE_URL;

/** Why the PostgreSQL tests are skipped, for their titles; undefined when a server is configured. */
export const noPostgres = PG_SERVER
  ? undefined
  : 'skipped: PLAN_BOT_TEST_DATABASE_URL is not set (.ci/run starts a PostgreSQL and sets it; .ci/postgres start DIR starts one)';

/** The URL of the same server with another database name. */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates an empty database of its own on the test server (tests run in parallel) and returns its URL. */
export async function freshDatabase(): Promise<string> {
  if (!PG_SERVER) throw new Error(noPostgres);
  const name = `plan_bot_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_SERVER });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return withDatabase(PG_SERVER, name);
}

/** Drops a database made by freshDatabase (closing what still holds it open). */
export async function dropDatabase(url: string): Promise<void> {
  if (!PG_SERVER) return;
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: PG_SERVER });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Runs one query on a database and returns its rows. */
export async function sql<T = Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const c = new pg.Client({ connectionString: url, types: PG_TYPES });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}
