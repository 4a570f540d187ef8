import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_HELP } from '../../src/cli/usage.js';
import { projectRoot } from '../../src/project-root.js';
import { DB_FILE } from '../../src/store/file-store.js';
import { startBotProcess } from '../helpers/bot-process.js';
import { tempDataDir } from '../helpers/temp-bot.js';
import { runCli } from './run-cli.js';

const fixture = path.join(projectRoot(), 'tests/fixtures/replay/week-2021-W23.jsonl');
const version = (
  JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string }
).version;

/** Every file of a folder with its size, mtime and content: to prove a command wrote nothing. */
function snapshot(dir: string): string {
  return readdirSync(dir)
    .sort()
    .map((f) => {
      const s = statSync(path.join(dir, f));
      return `${f} ${s.size} ${s.mtimeMs} ${s.isFile() ? readFileSync(path.join(dir, f), 'utf8') : ''}`;
    })
    .join('\n');
}

async function replayed(): Promise<string> {
  const dir = tempDataDir();
  const r = await runCli(['replay', fixture, '--data', dir]);
  expect(r.code).toBe(0);
  return dir;
}

describe('plan-bot status', { timeout: 30_000 }, () => {
  it('--json reports version, records, last weekly jobs, outbox, calendar and adapters, and writes nothing', async () => {
    const dir = await replayed();
    const before = snapshot(dir);
    const r = await runCli(['status', '--data', dir, '--json']);
    // 3: nothing is wrong, but no bot is running on it
    expect(r.code).toBe(3);
    const s = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(s).toMatchObject({
      ok: true,
      version,
      dataDir: dir,
      running: false,
      pid: null,
      records: 4,
      lastRun: {
        prompt: '2021-06-07T01:00:00.000Z',
        reminder: '2021-06-10T07:00:00.000Z',
        digest: '2021-06-11T09:00:00.000Z',
      },
      pendingOutbox: 0,
      adapters: ['console'],
      problems: [],
    });
    expect(s.calendarCoveredUntil).toMatch(/^\d{4}-12-31$/);
    expect(typeof s.calendarCoversNext60Days).toBe('boolean');
    expect(snapshot(dir)).toBe(before);
    // the replay's clean stop wrote the day's backup
    expect((s.backup as { newest: string }).newest).toMatch(/backups\/plan-bot-\d{4}-\d{2}-\d{2}\.json$/);
    expect((s.backup as { ageHours: number }).ageHours).toBeLessThan(1);
    const text = await runCli(['status', '--data', dir]);
    expect(text.stdout).toContain('运行状态：   未运行');
    expect(text.stdout).toContain('汇报记录：   4条');
    expect(text.stdout).toContain('最近周五汇总：2021-06-11 17:00');
    expect(text.stdout).toMatch(/最新备份：\s+\S+plan-bot-\d{4}-\d{2}-\d{2}\.json（[^）]*，\d+分钟前）/);
  });

  it('says a data directory that does not exist is a problem (a typo), and does not create it', async () => {
    const dir = path.join(tempDataDir(), 'typo');
    const r = await runCli(['status', '--data', dir, '--json']);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as { ok: boolean; problems: string[] };
    expect(s.ok).toBe(false);
    expect(s.problems[0]).toContain(`数据目录不存在：${dir}`);
    expect(existsSync(dir)).toBe(false);
  });

  it('says the bot is running, with its pid, while it runs; exit 0', async () => {
    const dir = await replayed();
    const bot = startBotProcess(['start', '--data', dir]);
    try {
      bot.child.stdin.write('文号\n');
      await bot.waitFor('稷政发');
      const r = await runCli(['status', '--data', dir, '--json']);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, running: true, pid: bot.child.pid });
      expect(r.code).toBe(0);
      const text = await runCli(['status', '--data', dir]);
      expect(text.stdout).toContain(`运行状态：   运行中（pid ${bot.child.pid}）`);
    } finally {
      bot.child.stdin.end();
      await bot.exited;
    }
    expect((await runCli(['status', '--data', dir])).code).toBe(3);
  });

  it('exits 1 and names the problem when the database cannot be read', async () => {
    const dir = tempDataDir();
    writeFileSync(path.join(dir, DB_FILE), '{broken');
    const r = await runCli(['status', '--data', dir, '--json']);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as { ok: boolean; problems: string[] };
    expect(s.ok).toBe(false);
    expect(s.problems[0]).toContain(path.join(dir, DB_FILE));
  });
});

describe('.env, --version and per-command help', { timeout: 30_000 }, () => {
  it('reads .env from the current directory; variables already set win', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'plan-bot-env-'));
    const fromFile = path.join(cwd, 'from-env-file');
    writeFileSync(
      path.join(cwd, '.env'),
      `# comment\nPLAN_BOT_DATA=${fromFile}\nLARK_APP_ID=cli_from_env_file\nLARK_APP_SECRET=s # inline comment\n`,
    );
    const env = { PLAN_BOT_DATA: '', LARK_APP_ID: '', LARK_APP_SECRET: '' };
    // an empty value counts as set; remove them so that .env is what provides them
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !(k in env)));
    const r = await runCli(['status', '--json'], { cwd, env: clean, clearEnv: true });
    expect(r.code).toBe(1); // the data directory named in .env does not exist
    expect(JSON.parse(r.stdout)).toMatchObject({ dataDir: fromFile, adapters: ['lark (ws)'] });
    const other = path.join(cwd, 'from-environment');
    const wins = await runCli(['status', '--json'], {
      cwd,
      env: { ...clean, PLAN_BOT_DATA: other },
      clearEnv: true,
    });
    expect(JSON.parse(wins.stdout)).toMatchObject({ dataDir: other });
  });

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.stdout).toBe(`plan-bot ${version}\n`);
    expect(r.code).toBe(0);
  });

  it('each command has its own --help', async () => {
    const commands = Object.keys(COMMAND_HELP);
    const [general, ...each] = await Promise.all([
      runCli(['--help']),
      ...commands.map((cmd) => runCli([cmd, '--help'])),
    ]);
    each.forEach((r, i) => {
      expect(r.code).toBe(0);
      expect(r.stdout.startsWith(`用法：plan-bot ${commands[i]}`)).toBe(true);
    });
    expect(new Set(each.map((r) => r.stdout)).size).toBe(commands.length);
    expect(general?.stdout).toContain('plan-bot COMMAND --help');
  }, 30_000);
});

describe('replay without --data', { timeout: 30_000 }, () => {
  it('works in a fresh temporary directory, prints it, and never touches ./data or PLAN_BOT_DATA', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'plan-bot-cwd-'));
    const live = await replayed();
    const before = snapshot(live);
    const r = await runCli(['replay', fixture], { cwd, env: { PLAN_BOT_DATA: live } });
    expect(r.code).toBe(0);
    const tmp = /临时数据目录 (\S+)/.exec(r.stderr)?.[1] as string;
    expect(tmp).toBeDefined();
    expect(tmp.startsWith(tmpdir())).toBe(true);
    const db = JSON.parse(readFileSync(path.join(tmp, DB_FILE), 'utf8')) as { checkins: unknown[] };
    expect(db.checkins).toHaveLength(4);
    expect(existsSync(path.join(cwd, 'data'))).toBe(false);
    expect(snapshot(live)).toBe(before);
  });
});
