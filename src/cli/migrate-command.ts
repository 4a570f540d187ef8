import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError } from '../config.js';
import { lockDataDir } from '../store/data-lock.js';
import { DB_FILE, FileStore, JOURNAL_FILE } from '../store/file-store.js';
import { copyIntoPostgres } from '../store/pg/copy-into-postgres.js';
import { isPostgresUrl, maskUrl } from '../store/pg/pg-url.js';

/**
 * `plan-bot migrate --to postgres://… --data DIR`: copies the data directory's JSON store (snapshot and journal, as
 * a start reads them) into an empty PostgreSQL database, verified by counts and checksums before it is committed.
 * The data directory's lock is held meanwhile, so the bot must be stopped; the data directory is left as it was.
 */
export async function migrateCommand(
  to: string | undefined,
  config: Config,
  stderr: NodeJS.WritableStream,
): Promise<number> {
  if (!to || !isPostgresUrl(to))
    throw new ConfigError(
      `migrate: --to must be a PostgreSQL URL such as postgres://plan_bot:PASSWORD@db.example:5432/plan_bot${to ? ` (got "${maskUrl(to)}")` : ''}`,
    );
  const dir = config.dataDir;
  if (![DB_FILE, JOURNAL_FILE].some((f) => existsSync(path.join(dir, f))))
    throw new ConfigError(`migrate: no database in ${dir} (--data DIR)`);
  const unlock = await lockDataDir(dir, () => {});
  try {
    const store = await FileStore.open(dir, { readOnly: true });
    stderr.write(`copying ${path.join(dir, DB_FILE)} into ${maskUrl(to)}…\n`);
    const r = await copyIntoPostgres(store.data, to);
    const c = r.copied.counts;
    stderr.write(
      [
        `schema: version ${r.schema.from} → ${r.schema.to}`,
        `copied and verified: ${c.checkins} check-ins (${c.evidence} evidence files listed), ${c.rosterUnits} roster units with ${c.rosterMembers} members, ${c.processedIds} processed message ids, ${c.jobs} job marks, ${c.pending} open ask-backs, ${c.outbox} outbox and ${c.inbox} inbox messages, ${c.escalations} escalations, ${c.rounds} weekly rounds, ${c.deadlines} deadlines set in chat, ${c.usedLinks} used web login links, ${c.admins} admins added in chat`,
        `checksum (sha256, the same on both sides): ${r.copied.sums.all}`,
        `next: set PLAN_BOT_DATABASE_URL to that database and start the bot (docs/postgresql.md); evidence files stay in ${path.join(dir, 'evidence')}`,
        '',
      ].join('\n'),
    );
  } finally {
    await unlock();
  }
  return 0;
}
