import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';
import { DB_FILE } from '../../src/store/file-store.js';
import { planFolder, tempDataDir } from '../helpers/temp-bot.js';
import { runCli } from './run-cli.js';

const fixture = path.join(projectRoot(), 'tests/fixtures/replay/week-2022-W24-two-plans.jsonl');
const VOC = 'jishan-2021';
const RURAL = 'jishan-rural-revitalization-talent-2022';

describe('plan-bot replay with two plans', () => {
  it('replays a week: prompts by plan, mixed replies filed per plan, asked back, reminders, digest, exports', async () => {
    const dataDir = tempDataDir();
    const r = await runCli([
      'replay',
      fixture,
      '--data',
      dataDir,
      '--knowledge',
      planFolder([`${RURAL}.json`]),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { at: string; to: string; text: string; file?: string });
    const at = (local: string) =>
      out.filter((o) => o.at === new Date(`2022-06-${local}+08:00`).toISOString());
    const prompts = at('13T09:00:00');
    // one prompt per unit (县科协 in its group chat), each listing its plans
    expect(prompts.map((o) => o.to).sort()).toEqual(['edu_li', 'oc_kexie', 'ou_fin', 'wxid_fg']);
    expect(prompts.find((o) => o.to === 'ou_fin')?.text).toMatch(
      /职教行动计划（稷政发〔2021〕6号）：[\s\S]*乡村振兴人才培育行动方案（稷政办发〔2022〕15号）：/,
    );
    expect(at('13T09:20:00')[0]?.text).toMatch(
      /〔职教行动计划〕[\s\S]*任务2[\s\S]*〔乡村振兴人才培育行动方案〕[\s\S]*任务10/,
    );
    expect(at('13T10:00:00')[0]?.text).toContain('任务14是哪个方案的');
    expect(at('13T10:01:00')[0]?.text).toContain('已记录 县教育局 2022-W24〔职教行动计划〕');
    expect(at('13T11:00:00')[0]?.text).toContain('任务4是哪个方案的');
    expect(at('14T10:00:00')[0]?.text).toContain('请问您问的是哪个方案');
    expect(at('14T10:01:00')[0]?.text).toMatch(/^〔乡村振兴人才培育行动方案〕任务14/);
    expect(at('14T11:01:00')[0]?.text).toMatch(/^〔职教行动计划〕任务14/);
    const reminders = at('16T15:00:00');
    expect(reminders.map((o) => o.to).sort()).toEqual(['edu_li', 'fin_backup', 'ou_fin', 'wxid_fg']);
    const digest = at('17T17:00:00').filter((o) => o.text.includes('汇报情况'));
    expect(digest).toHaveLength(1);
    // and one 督办通报, a part per plan
    const bulletin = at('17T17:00:00').filter((o) => o.text.includes('督办通报'));
    expect(bulletin).toHaveLength(1);
    expect(bulletin[0]?.text).toMatch(/〔职教行动计划〕[\s\S]*〔乡村振兴人才培育行动方案〕/);
    expect(digest[0]?.text).toContain('【2022-W24 汇报情况】2个方案');
    expect(digest[0]?.text).toContain('• 乡村振兴人才培育行动方案：1/3个单位已全部汇报，已报8/10项（80%）');
    const files = out.filter((o) => o.file).map((o) => o.file);
    expect(files).toHaveLength(3);
    const csv = parse(
      readFileSync(path.join(dataDir, 'exports', files[1] as string), 'utf8').replace(/^\uFEFF/, ''),
    ) as string[][];
    expect(csv[0]?.[0]).toBe('方案');
    expect(csv.length - 1).toBe(12);
    // the week after the rural plan was stopped: no prompt for 县科协, none of its tasks in the others'
    const next = at('20T09:00:00');
    expect(next.map((o) => o.to).sort()).toEqual(['edu_li', 'ou_fin', 'wxid_fg']);
    expect(next.every((o) => !o.text.includes('乡村振兴'))).toBe(true);
    const db = JSON.parse(readFileSync(path.join(dataDir, DB_FILE), 'utf8'));
    const byPlan = (p: string) =>
      db.checkins
        .filter((c: { plan: string }) => c.plan === p)
        .map((c: { unit: string; task: number }) => `${c.unit}${c.task}`);
    expect(byPlan(VOC)).toEqual(['县财政局2', '县教育局14', '县财政局9', '县发改局14']);
    expect(byPlan(RURAL)).toEqual([
      '县财政局10',
      '县科协14',
      '县教育局14',
      '县教育局9',
      '县财政局4',
      '县财政局9',
      '县财政局16',
      '县财政局15',
    ]);
  });
});
