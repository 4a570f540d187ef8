import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/project-root.js';
import { PID_FILE } from '../../../src/store/data-lock.js';
import { cliPath, runCli } from '../../cli/run-cli.js';
import { startBotProcess } from '../../helpers/bot-process.js';
import { tempDataDir } from '../../helpers/temp-bot.js';

// util-linux `script` runs a command on a pseudo-terminal, as an admin's shell would
const hasScript = spawnSync('script', ['--version']).status === 0;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const UP = '\x1b[A';
// readline's prompt: "> ", then the cursor put after it
// biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's cursor codes
const PROMPT = /> (?:\x1b\[\d+G)?$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's cursor codes
const ANSWERED = /稷政发〔2021〕6号[\s\S]*> (?:\x1b\[\d+G)?$/;

/** plan-bot start on a terminal: type into it, read what the terminal shows, wait for its end. */
function onTerminal(dataDir: string) {
  const cmd = [process.execPath, cliPath, 'start', '--data', dataDir].map(quote).join(' ');
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-qec', cmd, '/dev/null'], {
    cwd: projectRoot(),
    env: { ...process.env, PLAN_BOT_LOG_LEVEL: 'info' },
  });
  let out = '';
  const waiters: { re: RegExp; from: number; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    for (const w of [...waiters]) {
      if (w.re.test(out.slice(w.from))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  /** Waits for `re` in what the terminal shows after this call. */
  const next = (re: RegExp) => {
    const from = out.length;
    return new Promise<void>((resolve, reject) => {
      waiters.push({ re, from, resolve });
      void exited.then(() => reject(new Error(`ended before ${re}: ${out}`)));
    });
  };
  return { child, out: () => out, next, exited, type: (s: string) => child.stdin.write(s) };
}

const pidOf = (dataDir: string) => Number(readFileSync(path.join(dataDir, PID_FILE), 'utf8'));

describe.skipIf(!hasScript)('the console on a terminal', { timeout: 30_000 }, () => {
  it('edits lines and recalls earlier ones with the Up arrow, also in the next session; Ctrl-C ends it cleanly', async () => {
    const dataDir = tempDataDir();
    const t = onTerminal(dataDir);
    await t.next(PROMPT);
    const answered = t.next(ANSWERED);
    // a typo fixed with Backspace before Enter
    t.type('文好\x7f号\r');
    await answered;
    const again = t.next(ANSWERED);
    t.type(`${UP}\r`);
    await again;
    expect(t.out()).not.toContain('^[[A');
    expect(existsSync(path.join(dataDir, PID_FILE))).toBe(true);
    t.type('\x03');
    expect(await t.exited).toBe(0);
    expect(existsSync(path.join(dataDir, PID_FILE))).toBe(false);

    // the history is kept for the next session
    const next = onTerminal(dataDir);
    await next.next(PROMPT);
    const recalled = next.next(ANSWERED);
    next.type(`${UP}\r`);
    await recalled;
    next.type('退出\r');
    expect(await next.exited).toBe(0);
  });

  it('ends cleanly on SIGTERM (systemctl stop, docker stop), removing plan-bot.pid', async () => {
    const dataDir = tempDataDir();
    const t = onTerminal(dataDir);
    await t.next(PROMPT);
    process.kill(pidOf(dataDir), 'SIGTERM');
    expect(await t.exited).toBe(0);
    expect(existsSync(path.join(dataDir, PID_FILE))).toBe(false);
  });
});

describe('the console through pipes', { timeout: 30_000 }, () => {
  it('ends when its output pipe is closed (the reader went away), releasing the lock and plan-bot.pid', async () => {
    const dataDir = tempDataDir();
    const bot = startBotProcess(['start', '--data', dataDir]);
    bot.child.stdin.write('文号\n');
    await bot.waitFor('稷政发');
    bot.child.stdout.destroy();
    // the next answer meets a closed pipe: the bot stops instead of hanging on to the data directory
    bot.child.stdin.write('任务14谁负责\n');
    const ended = await Promise.race([
      bot.exited,
      new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000)),
    ]);
    if (ended === 'hung') bot.child.kill('SIGKILL');
    expect(ended).toMatchObject({ code: 0 });
    expect(existsSync(path.join(dataDir, PID_FILE))).toBe(false);
    // and the next start takes the directory at once
    expect((await runCli(['start', '--data', dataDir], { input: '文号\n' })).code).toBe(0);
  });

  it('ends on SIGTERM while its stdin stays open, removing plan-bot.pid', async () => {
    const dataDir = tempDataDir();
    const bot = startBotProcess(['start', '--data', dataDir]);
    bot.child.stdin.write('文号\n');
    await bot.waitFor('稷政发');
    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    expect(existsSync(path.join(dataDir, PID_FILE))).toBe(false);
  });

  it('`退出` on a line of its own ends a piped session too (it is not a question about 退出机制)', async () => {
    const r = await runCli(['start', '--data', tempDataDir()], { input: '文号\n退出\n任务20谁负责\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('稷政发');
    expect(r.stdout).not.toContain('任务20');
  });
});

describe('start with no platform configured', { timeout: 30_000 }, () => {
  it('says so and exits 2 when nobody is at a console (stdin /dev/null, as under systemd or docker)', () => {
    const dataDir = tempDataDir();
    const r = spawnSync(process.execPath, [cliPath, 'start', '--data', dataDir], {
      cwd: projectRoot(),
      env: { ...process.env, PLAN_BOT_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('没有配置任何聊天平台');
    expect(r.stderr).toContain('LARK_APP_ID');
  });

  it('says so and exits 2 when the pipe brings nothing; answers what a pipe brings (exit 0)', async () => {
    const empty = await runCli(['start', '--data', tempDataDir()], { input: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('没有配置任何聊天平台');
    const piped = await runCli(['start', '--data', tempDataDir()], { input: '任务14谁负责\n' });
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('牵头：县发改局');
    expect(piped.stderr).toBe('');
  });
});
