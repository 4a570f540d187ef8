import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/project-root.js';

/** Path of the built CLI (npm test builds before running vitest). */
export const cliPath = path.join(projectRoot(), 'dist/src/cli/plan-bot.js');

/** Runs the built plan-bot CLI with arguments and stdin (clearEnv: only opts.env, not this process's); resolves with exit code and both streams. */
export function runCli(
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string; clearEnv?: boolean } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: opts.cwd ?? projectRoot(),
      env: { ...(opts.clearEnv ? {} : process.env), PLAN_BOT_LOG_LEVEL: 'warn', ...opts.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}
