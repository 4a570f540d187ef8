import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../src/checkins/work-calendar.js';
import { projectRoot } from '../../src/project-root.js';
import { FakeOpenPlatform } from '../adapters/lark/fake-open-platform.js';
import { cliPath, runCli } from './run-cli.js';
import { spawnCli } from './spawn-cli.js';

/** A stack frame as Node prints it. */
const STACK = /\n\s+at .+[:(]\d+:\d+\)?/;
const fixture = path.join(projectRoot(), 'tests/fixtures/replay/week-2021-W23.jsonl');
const isRoot = process.getuid?.() === 0;
const AS_NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];
// root ignores file modes, so the test runs the CLI as nobody, which needs to be able to read this checkout
const nobodyCanRun =
  isRoot && spawnSync(AS_NOBODY[0] as string, [...AS_NOBODY.slice(1), 'test', '-r', cliPath]).status === 0;

/** A fresh folder everyone may enter (mkdtemp makes 0700 folders). */
function openTemp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-err-'));
  chmodSync(dir, 0o755);
  return dir;
}

/** The formatter's shape: what, then the path, then how to fix it; no stack frames. */
function expectExplained(stderr: string, where: string) {
  expect(stderr).not.toMatch(STACK);
  expect(stderr).toMatch(/^plan-bot：/m);
  expect(stderr).toContain(`  路径：${where}`);
  expect(stderr).toMatch(/^ {2}处理：\S/m);
}

describe('ordinary mistakes get one explained message and no stack trace', { timeout: 30_000 }, () => {
  it('a data path that is a file', async () => {
    const file = path.join(openTemp(), 'data');
    writeFileSync(file, 'not a folder');
    const r = await runCli(['start', '--data', file], { input: '任务14谁负责\n' });
    expect(r.code).toBe(1);
    expectExplained(r.stderr, file);
    expect(r.stderr).toContain('这里需要一个文件夹，却是一个文件');
  });

  it.skipIf(isRoot && !nobodyCanRun)('a data directory the service user may not write (EACCES)', async () => {
    const dir = path.join(openTemp(), 'data');
    mkdirSync(dir);
    // as root, run as nobody against a root-owned folder; otherwise take our own write permission away
    const prefix = isRoot ? AS_NOBODY : undefined;
    if (!isRoot) chmodSync(dir, 0o555);
    const p = spawnCli(['start', '--data', dir], {
      ...(prefix ? { prefix } : {}),
      env: { PLAN_BOT_LOG_LEVEL: 'warn' },
    });
    p.child.stdin.end('任务14谁负责\n');
    expect(await p.exited).toBe(1);
    expectExplained(p.stderr(), dir);
    expect(p.stderr()).toContain('没有权限（permission denied');
    expect(p.stdout()).toBe('');
  });

  it('a missing output folder for export', async () => {
    const dataDir = openTemp();
    const seeded = await runCli(['replay', fixture, '--data', dataDir]);
    expect(seeded.code).toBe(0);
    const out = path.join(dataDir, 'no-such-folder', 'ledger.csv');
    const r = await runCli(['export', '--data', dataDir, '--out', out]);
    expect(r.code).toBe(1);
    expectExplained(r.stderr, out);
    expect(r.stderr).toContain(`mkdir -p ${path.dirname(out)}`);
  });

  it('a missing replay file, and no temporary directory is made for it', async () => {
    const missing = path.join(openTemp(), 'nope.jsonl');
    const r = await runCli(['replay', missing]);
    expect(r.code).toBe(1);
    expectExplained(r.stderr, missing);
    expect(r.stderr).not.toContain('临时数据目录');
  });

  it('a WeChat puppet that is not installed (ERR_MODULE_NOT_FOUND)', async () => {
    const r = await runCli(['start', '--data', openTemp()], {
      env: { WECHATY_PUPPET: 'wechaty-puppet-not-installed-here' },
    });
    // the WeChat start check names it as a configuration mistake (exit 2), through the same formatter
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).toMatch(/^plan-bot：微信配置有误/m);
    expect(r.stderr).toContain('没有安装 puppet 模块“wechaty-puppet-not-installed-here”');
    expect(r.stderr).toContain('npm install wechaty-puppet-not-installed-here');
  });

  it('shows the stack trace only with PLAN_BOT_LOG_LEVEL=debug', async () => {
    const file = path.join(openTemp(), 'data');
    writeFileSync(file, '');
    const r = await runCli(['start', '--data', file], { env: { PLAN_BOT_LOG_LEVEL: 'debug' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('这里需要一个文件夹，却是一个文件');
    expect(r.stderr).toMatch(STACK);
  });

  it('usage mistakes exit 2 and point to the help', async () => {
    const unknown = await runCli(['strat']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('没有“strat”这个命令');
    const flag = await runCli(['status', '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('查看 plan-bot --help');
    expect(flag.stderr).not.toMatch(STACK);
  });
});

describe('Lark unreachable at start', { timeout: 30_000 }, () => {
  let fake: FakeOpenPlatform | undefined;
  afterEach(async () => {
    await fake?.stop();
  });

  it('is retried with back-off while the process stays up; once it answers, /healthz answers 200', async () => {
    fake = await new FakeOpenPlatform().start();
    // the adapter's own 4 attempts all fail, so the start-up retry has to try again
    fake.fail('/open-apis/bot/v3/info', 4, 503, { code: 503, msg: 'service unavailable' });
    const dataDir = openTemp();
    const p = spawnCli(['start', '--data', dataDir], {
      env: {
        PLAN_BOT_LOG_LEVEL: 'info',
        LARK_APP_ID: 'cli_unreachable_test',
        LARK_APP_SECRET: 'secret-unreachable-test',
        LARK_DOMAIN: fake.url,
        LARK_MODE: 'webhook',
        LARK_ENCRYPT_KEY: 'encrypt-key-test',
        LARK_WEBHOOK_PORT: '0',
        PLAN_BOT_ADMINS: 'lark:ou_admin',
      },
    });
    try {
      await p.waitForStderr(/lark could not start \(platform unreachable\?\); retrying in 5 s/);
      expect(p.child.exitCode).toBeNull();
      const listening = await p.waitForStderr(/"port":(\d+)[^\n]*lark webhook listening/);
      const res = await fetch(`http://127.0.0.1:${listening[1]}/healthz`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      // the outbox count is the store's: what was queued while Lark was unreachable may still be waiting
      expect(body).toMatchObject({ ok: true, dataDir, adapters: ['lark (webhook)'] });
      expect(body.pendingOutbox).toEqual(expect.any(Number));
      expect(body.calendarCoveredUntil).toMatch(/^\d{4}-12-31$/);
      expect(p.stderr()).not.toMatch(STACK);
      expect(p.stderr()).not.toContain('secret-unreachable-test');
      expect(p.stderr().length).toBeLessThan(8000);
      // once running, the admins hear whether the holiday calendar reaches 60 days ahead (it depends on today)
      const uncovered = new WorkCalendar().uncoveredFrom(new Date()) !== undefined;
      const toAdmin = () =>
        fake
          ?.sent()
          .filter(
            (r) => r.json?.receive_id === 'ou_admin' && String(r.json?.content).includes('节假日日历提醒'),
          );
      if (uncovered) {
        for (let i = 0; i < 200 && !toAdmin()?.length; i++) await new Promise((r) => setTimeout(r, 25));
        expect(toAdmin()).toHaveLength(1);
        expect(p.stderr()).toContain('the holiday calendar ends');
      } else expect(toAdmin()).toHaveLength(0);
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toBe(0);
  }, 40_000);
});
