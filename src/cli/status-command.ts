import { readStatus, type StatusSource, statusText } from '../ops/status-report.js';
import { PgStore } from '../store/pg/pg-store.js';
import { maskUrl } from '../store/pg/pg-url.js';

/**
 * `plan-bot status [--json]`: the bot's state from its data directory (or its PostgreSQL database); exit 1 when
 * something is unusable.
 */
export async function statusCommand(
  dataDir: string,
  o: { json: boolean; env: NodeJS.ProcessEnv; databaseUrl?: string | undefined },
  stdout: NodeJS.WritableStream,
): Promise<number> {
  let from: StatusSource | undefined;
  if (o.databaseUrl) {
    from = { database: maskUrl(o.databaseUrl) };
    try {
      // read only: no migration, no lock, nothing written
      const store = await PgStore.open(o.databaseUrl, { readOnly: true });
      from.db = store.data;
      await store.close();
    } catch (e) {
      from.error = e;
    }
  }
  const s = readStatus(dataDir, o.env, new Date(), from);
  stdout.write(o.json ? `${JSON.stringify(s)}\n` : `${statusText(s)}\n`);
  return s.ok ? 0 : 1;
}
