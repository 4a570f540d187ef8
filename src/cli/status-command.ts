import { EXIT_NOT_RUNNING, readStatus, statusText } from '../ops/status-report.js';

/**
 * `plan-bot status [--json]`: the bot's state from its data directory. Exit 0: running, nothing wrong; 1: a
 * problem (no data directory, an unreadable database, a failed or missing backup, a bad holidays.json);
 * 3: nothing wrong, but no plan-bot is running on this data directory.
 */
export function statusCommand(
  dataDir: string,
  o: { json: boolean; env: NodeJS.ProcessEnv; backupDir?: string },
  stdout: NodeJS.WritableStream,
): number {
  const s = readStatus(dataDir, o.env, new Date(), ...(o.backupDir ? [o.backupDir] : []));
  stdout.write(o.json ? `${JSON.stringify(s)}\n` : `${statusText(s)}\n`);
  if (!s.ok) return 1;
  return s.running ? 0 : EXIT_NOT_RUNNING;
}
