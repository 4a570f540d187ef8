import { readStatus, statusText } from '../ops/status-report.js';

/** `plan-bot status [--json]`: the bot's state from its data directory; exit 1 when something is unusable. */
export function statusCommand(
  dataDir: string,
  o: { json: boolean; env: NodeJS.ProcessEnv },
  stdout: NodeJS.WritableStream,
): number {
  const s = readStatus(dataDir, o.env);
  stdout.write(o.json ? `${JSON.stringify(s)}\n` : `${statusText(s)}\n`);
  return s.ok ? 0 : 1;
}
