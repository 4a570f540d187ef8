import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';
import { DB_FILE } from '../../src/store/file-store.js';
import { tempDataDir } from '../helpers/temp-bot.js';
import { runCli } from './run-cli.js';

const fixture = path.join(projectRoot(), 'tests/fixtures/replay/week-2021-W23.jsonl');

describe('plan-bot replay', () => {
  it('replays a whole week on two platforms: prompts, reports, a correction, refusals, reminder, digest', async () => {
    const dataDir = tempDataDir();
    const r = await runCli(['replay', fixture, '--data', dataDir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { at: string; platform: string; to: string; text: string });
    const at = (iso: string) => out.filter((o) => o.at === new Date(iso).toISOString());
    const prompts = at('2021-06-07T09:00:00+08:00');
    expect(prompts.map((o) => `${o.platform}:${o.to}`).sort()).toEqual([
      'lark:oc_bianban',
      'lark:ou_fin1',
      'wechat:wxid_tour',
    ]);
    expect(prompts.every((o) => o.text.startsWith('【每周进度汇报】2021-W23'))).toBe(true);
    expect(at('2021-06-07T09:06:00+08:00')[0]?.text).toContain('进度65%');
    expect(at('2021-06-07T09:06:00+08:00')[0]?.text).toContain('已替换本周之前的汇报');
    expect(at('2021-06-07T10:00:00+08:00')[0]?.text).toContain('任务7不是县文旅局的任务');
    expect(at('2021-06-07T10:01:00+08:00')[0]?.text).toContain('任务10「培养后稷工匠后备人才」进度30%');
    expect(at('2021-06-07T11:00:00+08:00')[0]?.text).toContain('还没有绑定');
    expect(at('2021-06-07T11:01:00+08:00')).toEqual([]); // group message without the mention
    const reminders = at('2021-06-10T15:00:00+08:00');
    expect(reminders.map((o) => o.to).sort()).toEqual(['ou_fin1', 'wxid_fin2']);
    expect(reminders[0]?.text).toContain('县财政局本周（2021-W23）还有10项任务未汇报');
    expect(at('2021-06-10T15:30:00+08:00')[0]?.text).toContain('【2021-W23 汇报情况】2/3个单位已全部汇报');
    const digest = at('2021-06-11T17:00:00+08:00');
    // the digest, then the week's 督办通报
    expect(digest).toHaveLength(2);
    expect(digest[1]?.text).toMatch(/^【督办通报】2021-W23/);
    expect(digest[0]).toMatchObject({ platform: 'lark', to: 'ou_admin' });
    expect(digest[0]?.text).toContain('任务9：滞后，说明：编制方案待审批');
    const db = JSON.parse(readFileSync(path.join(dataDir, DB_FILE), 'utf8'));
    expect(db.checkins.map((c: { task: number }) => c.task)).toEqual([14, 14, 10, 9]);
  });

  it('names the line of a bad transcript', async () => {
    const dataDir = tempDataDir();
    const bad = path.join(dataDir, 'bad.jsonl');
    writeFileSync(bad, '{"at": "2021-06-07T09:00:00+08:00", "tick": true}\n{"hello": 1}\n');
    const r = await runCli(['replay', bad, '--data', dataDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.jsonl:2');
  });
});
