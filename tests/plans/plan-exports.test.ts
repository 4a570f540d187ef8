import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PlanSet } from '../../src/knowledge/plan-set.js';
import type { Outgoing } from '../../src/shared/types.js';
import { runCli } from '../cli/run-cli.js';
import { planFolder, tempBot } from '../helpers/temp-bot.js';

const RURAL = 'jishan-rural-revitalization-talent-2022';
const ROSTER = [
  { unit: '县财政局', members: [{ platform: 'lark', id: 'ou_fin', name: '王会计', role: 'liaison' }] },
  { unit: '县科协', members: [{ platform: 'lark', id: 'ou_kx', name: '赵科', role: 'liaison' }] },
];

type Bot = Awaited<ReturnType<typeof tempBot>>;

function fileOf(out: Outgoing[]) {
  const f = out.find((o) => 'file' in o);
  if (!f || !('file' in f)) throw new Error(`no file in ${JSON.stringify(out)}`);
  return f;
}

describe('exports with several plans', () => {
  let bot: Bot;
  let folder: string;
  beforeAll(async () => {
    folder = planFolder([`${RURAL}.json`]);
    bot = await tempBot({
      plans: PlanSet.load(folder),
      roster: ROSTER,
      admins: ['lark:ou_admin'],
      at: '2022-06-06T10:00:00+08:00',
    });
    await bot.say('lark:ou_fin', '任务2 进度50% 已拨付经费\n任务10 进度20%');
    await bot.say('lark:ou_kx', '任务14 进度30%');
    await bot.say('lark:ou_fin', '职教行动计划 任务14 进度60%');
  });

  const exportAs = async (text: string) =>
    bot.core.handle({
      platform: 'lark',
      id: `export-${Math.random()}`,
      chatId: 'ou_admin',
      chatType: 'direct',
      sender: { id: 'ou_admin' },
      text,
      mentionsBot: false,
      at: bot.clock.now(),
    });

  it('exports one plan named in chat (导出 职教行动计划 csv): only its records, as a single-plan export', async () => {
    const out = await exportAs('导出 职教行动计划 csv');
    const f = fileOf(out);
    expect(f.file.name).toMatch(/^plan-bot-jishan-2021-2022-W23_2022-W23-/);
    const rows = parse(
      Buffer.from(f.file.bytes)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    ) as string[][];
    expect(rows[0]?.[0]).toBe('周次');
    expect(rows.slice(1).map((r) => [r[1], r[2]])).toEqual([
      ['县财政局', '2'],
      ['县财政局', '14'],
    ]);
    expect(f.text).toContain('职教行动计划，2条汇报');
  });

  it('exports every plan with a 方案 column (CSV) and the plan of each record (JSON)', async () => {
    const csv = fileOf(await exportAs('导出 csv'));
    const rows = parse(
      Buffer.from(csv.file.bytes)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    ) as string[][];
    expect(rows[0]?.slice(0, 4)).toEqual(['方案', '周次', '单位', '任务编号']);
    expect(rows.slice(1).map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
      ['职教行动计划', '县财政局', '2', '实施职业教育铸魂育人计划'],
      ['职教行动计划', '县财政局', '14', '推进产教深度融合'],
      ['乡村振兴人才培育行动方案', '县财政局', '10', '加强乡村卫生健康人才队伍建设'],
      ['乡村振兴人才培育行动方案', '县科协', '14', '实施科技特派员服务行动'],
    ]);
    const json = JSON.parse(Buffer.from(fileOf(await exportAs('导出 json')).file.bytes).toString('utf8'));
    expect(json.plans.map((p: { id: string }) => p.id)).toEqual(['jishan-2021', RURAL]);
    expect(json.checkins.map((c: { plan: string; task: number }) => [c.plan, c.task])).toEqual([
      ['jishan-2021', 2],
      ['jishan-2021', 14],
      [RURAL, 10],
      [RURAL, 14],
    ]);
    expect(json.missing.every((m: { plan: string }) => m.plan)).toBe(true);
  });

  it('writes the sheets of each plan into one XLSX, named after the plan', async () => {
    const f = fileOf(await exportAs('导出 xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(f.file.bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '职教行动计划-汇报记录',
      '职教行动计划-台账',
      '职教行动计划-未报清单',
      '职教行动计划-督办通报',
      '乡村振兴人才培育行动方案-汇报记录',
      '乡村振兴人才培育行动方案-台账',
      '乡村振兴人才培育行动方案-未报清单',
      '乡村振兴人才培育行动方案-督办通报',
    ]);
    // a title row and the header, the 16 tasks, then the colour legend (a blank row, 图例, three lights, a note)
    expect(wb.getWorksheet('乡村振兴人才培育行动方案-台账')?.rowCount).toBe(2 + 16 + 6);
    expect(wb.getWorksheet('职教行动计划-汇报记录')?.getRow(4).getCell(3).value).toBe(14);
  });

  it('says which words it does not understand, and checks a task number against the plan named', async () => {
    const [bad] = await exportAs('导出 交通规划');
    expect('text' in (bad as object) && (bad as { text: string }).text).toContain('看不懂“交通规划”');
    const [task] = await exportAs('导出 乡村人才 任务18');
    expect((task as { text: string }).text).toContain('该方案共16项重点任务，没有任务18');
  });

  it('exports from the command line with --plan, and every plan without it', async () => {
    await bot.store.close();
    const out = path.join(bot.dataDir, 'rural.csv');
    const r = await runCli([
      'export',
      '--plan',
      '乡村人才',
      '--out',
      out,
      '--data',
      bot.dataDir,
      '--knowledge',
      folder,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('2条汇报');
    const all = await runCli([
      'export',
      '--out',
      path.join(bot.dataDir, 'all.json'),
      '--data',
      bot.dataDir,
      '--knowledge',
      folder,
    ]);
    expect(all.stderr).toContain(`jishan-2021、${RURAL}：4条汇报`);
    const bad = await runCli([
      'export',
      '--plan',
      'nope',
      '--out',
      out,
      '--data',
      bot.dataDir,
      '--knowledge',
      folder,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--plan：没有方案“nope”');
  });
});
