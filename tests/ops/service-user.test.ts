import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';
import { cliPath } from '../cli/run-cli.js';

// the install (this checkout, owned by root) read-only to a service user: nobody, through setpriv
const asNobody = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];
const nobodyUid = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim());
const canTry =
  process.getuid?.() === 0 &&
  Number.isInteger(nobodyUid) &&
  spawnSync(asNobody[0] as string, [...asNobody.slice(1), 'test', '-r', cliPath]).status === 0;

describe.skipIf(!canTry)('a root-owned install run by a service user', { timeout: 30_000 }, () => {
  it('answers through `npm start` with a writable data directory elsewhere, and writes nothing in the install', () => {
    const base = mkdtempSync(path.join(tmpdir(), 'plan-bot-svc-'));
    chmodSync(base, 0o755);
    const data = path.join(base, 'data');
    mkdirSync(data);
    chownSync(data, nobodyUid, nobodyUid);
    const env = {
      PATH: process.env.PATH,
      HOME: '/nonexistent',
      PLAN_BOT_DATA: data,
      PLAN_BOT_LOG_LEVEL: 'warn',
    };
    const r = spawnSync(asNobody[0] as string, [...asNobody.slice(1), 'npm', 'start', '--silent'], {
      cwd: projectRoot(),
      env,
      input: '任务14谁负责\n',
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(/TS5033|EACCES|Could not write/);
    expect(r.stdout).toContain('牵头：县发改局');
    expect(r.status).toBe(0);
    expect(readdirSync(data).some((f) => f.startsWith('plan-bot.db'))).toBe(true); // the data went where it belongs
    const status = spawnSync(
      asNobody[0] as string,
      [...asNobody.slice(1), process.execPath, cliPath, 'status', '--json'],
      { cwd: projectRoot(), env, encoding: 'utf8' },
    );
    expect(JSON.parse(status.stdout)).toMatchObject({ ok: true, dataDir: data });
  });
});
