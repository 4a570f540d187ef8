import { EXIT_NOT_RUNNING, readStatus, type StatusSource, statusText } from '../ops/status-report.js';
import { maskUrl } from '../store/pg/pg-url.js';

/**
 * `plan-bot status [--json]`: the bot's state from its data directory (or its PostgreSQL database). Exit 0:
 * running, nothing wrong; 1: a problem (no data directory, an unreadable database, a failed or missing backup, a bad
 * holidays.json); 3: nothing wrong, but no plan-bot is running on this data directory.
 */
export async function statusCommand(
  dataDir: string,
  o: { json: boolean; env: NodeJS.ProcessEnv; backupDir?: string; databaseUrl?: string | undefined },
  stdout: NodeJS.WritableStream,
): Promise<number> {
  let from: StatusSource | undefined;
  if (o.databaseUrl) {
    from = { database: maskUrl(o.databaseUrl) };
    try {
      // read only: no migration, no lock, nothing written
      const { PgStore } = await import('../store/pg/pg-store.js');
      const store = await PgStore.open(o.databaseUrl, { readOnly: true });
      from.db = store.data;
      // no lock on PostgreSQL: the replicas running are those listening on the database now
      from.replicas = await store.runningReplicas().finally(() => store.close());
    } catch (e) {
      from.error = e;
    }
  }
  const s = readStatus(dataDir, o.env, new Date(), o.backupDir, from);
  stdout.write(o.json ? `${JSON.stringify(s)}\n` : `${statusText(s)}\n`);
  if (!s.ok) return 1;
  return s.running ? 0 : EXIT_NOT_RUNNING;
}
