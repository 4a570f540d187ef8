import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Outgoing } from '../../src/shared/types.js';
import { runCli } from '../cli/run-cli.js';
import { TEST_ROSTER, tempBot } from '../helpers/temp-bot.js';

type Bot = Awaited<ReturnType<typeof tempBot>>;

/** A formula payload in a report that stays current (no later correction), so that an exported row holds it. */
const FORMULA_NOTE = '=HYPERLINK("http://evil.example","点我")';

/** Three weeks of reports, with a correction, a withdrawal and hostile notes. */
async function history(): Promise<Bot> {
  const bot = await tempBot({
    roster: TEST_ROSTER,
    admins: ['lark:ou_admin'],
    at: '2021-06-07T10:00:00+08:00',
  });
  await bot.say('lark:ou_fin1', '任务14 进度20% =SUM(A1:A9)');
  await bot.say('lark:ou_fin1', '任务14 进度25% 更正："签约",两家企业\n任务2 进度10% +cmd|calc');
  await bot.say('wechat:wxid_tour', '任务10 受阻 @场地 未落实');
  await bot.say('lark:ou_fin1', `任务16 进度10% ${FORMULA_NOTE}`);
  bot.clock.set('2021-06-15T10:00:00+08:00');
  await bot.say('lark:ou_fin1', '任务14 进度40% -资金到位');
  await bot.say('lark:ou_bb', '任务9 进度30%');
  await bot.say('lark:ou_bb', '撤回');
  bot.clock.set('2021-06-22T10:00:00+08:00');
  await bot.say('lark:ou_bb', '任务9 滞后 编制待批');
  return bot;
}

function fileOf(out: Outgoing[]) {
  const f = out.find((o) => 'file' in o);
  if (!f || !('file' in f))
    throw new Error(`no file in ${JSON.stringify(out.map((o) => ('text' in o ? o.text : '')))}`);
  return f;
}

describe('export', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await history();
  });

  const exportAs = async (text: string, from = 'lark:ou_admin') => {
    const [platform, id] = from.split(':') as ['lark', string];
    return bot.core.handle({
      platform,
      id: `export-${Math.random()}`,
      chatId: id,
      chatType: 'direct',
      sender: { id },
      text,
      mentionsBot: false,
      at: bot.clock.now(),
    });
  };

  it('refuses everyone but admins', async () => {
    const out = await exportAs('导出 csv', 'lark:ou_fin1');
    expect(out).toHaveLength(1);
    expect(out[0] && 'text' in out[0] ? out[0].text : '').toContain('只有管理员');
  });

  it('delivers a CSV that Excel opens: BOM, quoting, Chinese, formulas neutralised, latest versions', async () => {
    const out = fileOf(await exportAs('导出 csv'));
    expect(out.file.name).toMatch(/^plan-bot-2021-W23_2021-W25-\d{8}-\d{6}\.csv$/);
    const bytes = Buffer.from(out.file.bytes);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const onDisk = readFileSync(path.join(bot.dataDir, 'exports', out.file.name));
    expect(onDisk.equals(bytes)).toBe(true);
    const text = bytes.toString('utf8');
    expect(text).toContain('\r\n');
    const rows: string[][] = parse(text, { bom: true });
    expect(rows[0]?.slice(0, 4)).toEqual(['周次', '单位', '任务编号', '任务名称']);
    const body = rows.slice(1);
    const t14w23 = body.find((r) => r[0] === '2021-W23' && r[2] === '14');
    expect(t14w23?.[5]).toBe('25');
    expect(t14w23?.[7]).toBe('更正："签约",两家企业');
    expect(t14w23?.[13]).toBe('2');
    expect(body.find((r) => r[2] === '2')?.[7]).toBe("'+cmd|calc");
    expect(body.find((r) => r[2] === '10')?.[7]).toBe("'@场地 未落实");
    expect(body.find((r) => r[0] === '2021-W24' && r[2] === '14')?.[7]).toBe("'-资金到位");
    // a current row whose note starts with '=' (the W23 '=SUM' note above is superseded, so it is not exported)
    expect(body.find((r) => r[0] === '2021-W23' && r[2] === '16')?.[7]).toBe(`'${FORMULA_NOTE}`);
    // the withdrawn W24 report of task 9 is not a current row; W25's is
    expect(body.filter((r) => r[2] === '9').map((r) => r[0])).toEqual(['2021-W25']);
    expect(body.every((r) => !/^[=+\-@]/.test(r[7] ?? ''))).toBe(true);
  });

  it('writes JSON with the full history, superseded and withdrawn records included', async () => {
    const out = fileOf(await exportAs('导出 json'));
    const doc = JSON.parse(Buffer.from(out.file.bytes).toString('utf8'));
    expect(doc.checkins).toHaveLength(8);
    expect(doc.checkins.filter((c: { withdrawn: boolean }) => c.withdrawn)).toHaveLength(1);
    expect(doc.checkins[0].note).toBe('=SUM(A1:A9)');
  });

  it('filters by unit, task and week range, and rejects bad arguments in Chinese', async () => {
    const out = fileOf(await exportAs('导出 json 2021-W24 2021-W25 财政局 任务14'));
    const doc = JSON.parse(Buffer.from(out.file.bytes).toString('utf8'));
    expect(doc.filter).toEqual({ from: '2021-W24', to: '2021-W25', unit: '县财政局', task: 14 });
    expect(doc.checkins.map((c: { note: string }) => c.note)).toEqual(['-资金到位']);
    const bad = await exportAs('导出 csv ../../etc/passwd');
    expect(bad[0] && 'text' in bad[0] ? bad[0].text : '').toContain('看不懂');
    expect(bad.some((o) => 'file' in o)).toBe(false);
    const week = await exportAs('导出 2021-W99');
    expect(week[0] && 'text' in week[0] ? week[0].text : '').toContain('不是有效的周次');
  });

  it('writes an XLSX ledger read back with exceljs: four sheets, frozen headers, coloured status', async () => {
    const out = fileOf(await exportAs('导出'));
    expect(out.file.name.endsWith('.xlsx')).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.file.bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇报记录', '台账', '未报清单', '督办通报']);
    const records = wb.getWorksheet('汇报记录');
    expect(records?.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 }); // the title row, then the header
    expect(records?.getRow(2).getCell(2).value).toBe('单位');
    expect(records?.getColumn(4).width).toBeGreaterThan(20);
    const notes = records?.getColumn(8).values.slice(3) as string[];
    expect(notes).toContain("'-资金到位");
    expect(notes).toContain(`'${FORMULA_NOTE}`);
    expect(notes.every((n) => !/^[=+\-@]/.test(String(n)))).toBe(true);
    const ledger = wb.getWorksheet('台账');
    expect(ledger?.getRow(2).values).toContain('2021-W25');
    const row10 = ledger?.getRow(12);
    expect(row10?.getCell(1).value).toBe(10);
    expect(row10?.getCell(5).fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } }); // blocked → red
    const missing = wb.getWorksheet('未报清单');
    expect(missing?.getRow(3).values).toContain('县财政局');
  });

  it('gives an overview of every task with a light', async () => {
    const out = await exportAs('任务进度总览', 'wechat:wxid_anyone');
    const text = out[0] && 'text' in out[0] ? out[0].text : '';
    expect(text).toContain('【任务进度总览】2021-W25');
    expect(text).toMatch(/🔴 任务10「培养后稷工匠后备人才」.*受阻/);
    expect(text).toMatch(/任务9「[^」]+」进度—／序时\d+%：.*县委编办报告滞后/);
    expect(out[0] && 'card' in out[0] ? out[0].card?.table?.length : 0).toBe(20);
  });

  it('runs from the command line with filters and a progress line', async () => {
    const file = path.join(bot.dataDir, 'cli.csv');
    const r = await runCli([
      'export',
      '--data',
      bot.dataDir,
      '--format',
      'csv',
      '--unit',
      '县财政局',
      '--from',
      '2021-W24',
      '--out',
      file,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/已写入 .*cli\.csv：1条汇报/);
    const rows: string[][] = parse(readFileSync(file), { bom: true });
    expect(rows.slice(1).map((x) => [x[0], x[1], x[2]])).toEqual([['2021-W24', '县财政局', '14']]);
    const bad = await runCli([
      'export',
      '--data',
      bot.dataDir,
      '--format',
      'pdf',
      '--unit',
      '县财正局',
      '--out',
      file,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format 应为 csv、xlsx 或 json');
    expect(bad.stderr).toContain('您是不是想写：县财政局');
  });
});
