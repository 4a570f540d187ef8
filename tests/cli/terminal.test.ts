import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';
import { tempDataDir } from '../helpers/temp-bot.js';
import { cliPath, runCli } from './run-cli.js';
import { spawnCli } from './spawn-cli.js';

// util-linux `script` runs a command on a pseudo-terminal, as an admin's shell would
const hasScript = spawnSync('script', ['--version']).status === 0;
const fixture = path.join(projectRoot(), 'tests/fixtures/replay/week-2021-W23.jsonl');
// readline's prompt: "> ", then the cursor put after it
// biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's cursor codes
const PROMPT = /> (?:\x1b\[\d+G)?$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's cursor codes
const ANSWERED = /第14项〕[\s\S]*> (?:\x1b\[\d+G)?$/;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs plan-bot on a terminal; `steps` answer output patterns with input. Resolves with all terminal output. */
function inTerminal(
  args: string[],
  o: { env?: NodeJS.ProcessEnv; steps?: { when: RegExp; send?: string; kill?: boolean }[] } = {},
): Promise<string> {
  const cmd = [process.execPath, cliPath, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qec', cmd, '/dev/null'], {
    cwd: projectRoot(),
    env: { ...process.env, PLAN_BOT_LOG_LEVEL: 'info', ...o.env },
  });
  const steps = [...(o.steps ?? [])];
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    while (steps[0]?.when.test(out)) {
      const s = steps.shift();
      if (s?.send) child.stdin.write(s.send);
      if (s?.kill) child.kill('SIGTERM');
    }
  });
  return new Promise((resolve) => child.on('close', () => resolve(out)));
}

describe.skipIf(!hasScript)('on a terminal', { timeout: 30_000 }, () => {
  it('the console greets with the examples it promises and keeps log lines out of the chat', async () => {
    const dataDir = tempDataDir();
    const out = await inTerminal(['start', '--data', dataDir], {
      env: { PLAN_BOT_LOG_LEVEL: 'debug' },
      steps: [
        { when: PROMPT, send: '任务14谁负责\n' },
        { when: ANSWERED, send: '退出\n' },
      ],
    });
    expect(out).toMatch(/可以这样问我：\r?\n• 某项任务谁负责 \/ 谁牵头：任务14谁负责/);
    expect(out).toContain(`日志：${path.join(dataDir, 'plan-bot.log')}`);
    expect(out).toContain('牵头：县发改局');
    expect(out).not.toContain('"level"');
    expect(existsSync(path.join(dataDir, 'plan-bot.log'))).toBe(true);
  }, 30_000);

  it('logs are readable lines on a terminal, JSON when piped', async () => {
    const env = {
      LARK_APP_ID: 'cli_terminal_test',
      LARK_APP_SECRET: 'secret-terminal-test',
      LARK_DOMAIN: 'http://127.0.0.1:9',
    };
    const out = await inTerminal(['start', '--data', tempDataDir()], {
      env,
      steps: [{ when: /lark bot info failed, retrying/, kill: true }],
    });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes of the terminal
    const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).toMatch(/^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\] INFO: plan-bot starting/m);
    expect(out).not.toContain('{"level"');
    const piped = spawnCli(['start', '--data', tempDataDir()], {
      env: { ...env, PLAN_BOT_LOG_LEVEL: 'info' },
    });
    const line = await piped.waitForStderr(/^\{"level":30,"time":"[^"]+".*"msg":"plan-bot starting"\}$/m);
    piped.child.kill('SIGTERM');
    await piped.exited;
    // ISO time, not epoch milliseconds
    expect(Number.isNaN(Date.parse((JSON.parse(line[0]) as { time: string }).time))).toBe(false);
  }, 30_000);

  it('export shows one updating progress line on a terminal and none when piped', async () => {
    const dataDir = tempDataDir();
    expect((await runCli(['replay', fixture, '--data', dataDir])).code).toBe(0);
    const out = path.join(dataDir, 'ledger.csv');
    const term = await inTerminal(['export', '--data', dataDir, '--out', out]);
    expect(term).toMatch(/正在导出… 0\/3 行/);
    expect(term.split('\n').filter((l) => l.includes('正在导出'))).toHaveLength(1);
    expect(term).toContain(`已写入 ${out}`);
    const piped = await runCli(['export', '--data', dataDir, '--out', out]);
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toContain('正在导出');
    expect(piped.stderr).toContain(`已写入 ${out}`);
  }, 30_000);
});
