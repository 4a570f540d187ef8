import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkCalendar } from '../../src/checkins/holidays-file.js';
import { WorkCalendar } from '../../src/checkins/work-calendar.js';
import { TEST_ROSTER, tempBot, tempDataDir } from '../helpers/temp-bot.js';
import { runCli } from './run-cli.js';

/** Two ticks, Monday and Tuesday 09:00 of 2021-W23: the prompt fires at the first that is a workday. */
function transcript(dir: string): string {
  const file = path.join(dir, 'two-days.jsonl');
  const lines = [
    { admins: ['lark:ou_admin'] },
    { roster: TEST_ROSTER },
    { at: '2021-06-07T09:00:00+08:00', tick: true },
    { at: '2021-06-08T09:00:00+08:00', tick: true },
  ];
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
  return file;
}

type Row = { at: string; to: string; text: string };
const rows = (stdout: string): Row[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
const prompts = (out: Row[], iso: string) =>
  out.filter((o) => o.at === new Date(iso).toISOString() && o.text.startsWith('【每周进度汇报】'));

describe('holidays.json', { timeout: 30_000 }, () => {
  it('moves the weekly prompt off a day the admin declared a holiday, in replay', async () => {
    const plain = tempDataDir();
    const before = rows((await runCli(['replay', transcript(plain), '--data', plain])).stdout);
    expect(prompts(before, '2021-06-07T09:00:00+08:00')).toHaveLength(3);

    const dir = tempDataDir();
    writeFileSync(path.join(dir, 'holidays.json'), JSON.stringify({ holidays: ['2021-06-07'] }));
    const r = await runCli(['replay', transcript(dir), '--data', dir]);
    expect(r.code).toBe(0);
    const out = rows(r.stdout);
    expect(prompts(out, '2021-06-07T09:00:00+08:00')).toEqual([]);
    expect(
      prompts(out, '2021-06-08T09:00:00+08:00')
        .map((o) => o.to)
        .sort(),
    ).toEqual(['oc_bianban', 'ou_fin1', 'wxid_tour']);
  });

  it('extends the library past its last year: ranges, 调休 workdays, coverage', () => {
    const dir = tempDataDir();
    const lib = new WorkCalendar();
    expect(lib.coveredUntil()).toBe(`${lib.libraryCoveredYear}-12-31`);
    const next = lib.libraryCoveredYear + 1;
    writeFileSync(
      path.join(dir, 'holidays.json'),
      JSON.stringify({
        holidays: [`${next}-01-01`, `${next}-02-10..${next}-02-12`],
        workdays: [`${next}-02-07`],
      }),
    );
    const cal = loadWorkCalendar(dir);
    expect(cal.coveredUntil()).toBe(`${next}-12-31`);
    for (const d of [`${next}-01-01`, `${next}-02-10`, `${next}-02-11`, `${next}-02-12`])
      expect(cal.isWorkday(d)).toBe(false);
    expect(cal.isWorkday(`${next}-02-07`)).toBe(true);
    // 60 days before the end of the known years is covered; a day later is not
    const dec = new Date(`${lib.libraryCoveredYear}-12-01T12:00:00+08:00`);
    expect(lib.uncoveredFrom(dec)).toBe(`${next}-01-01`);
    expect(cal.uncoveredFrom(dec)).toBeUndefined();
  });

  it('refuses a broken file with the file, the entry and an example', async () => {
    const dir = tempDataDir();
    writeFileSync(
      path.join(dir, 'holidays.json'),
      JSON.stringify({ holidays: ['2027-02-30', '2027-02-17..2027-02-10'], workdays: ['2027/02/07'] }),
    );
    const r = await runCli(['holidays', '--data', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path.join(dir, 'holidays.json'));
    expect(r.stderr).toContain('"2027-02-30" 不是真实存在的日期');
    expect(r.stderr).toContain('结束日期早于开始日期');
    expect(r.stderr).toContain('workdays.0');
    expect(r.stderr).toContain('"holidays": ["2027-01-01", "2027-02-10..2027-02-17"]');
  });

  it('`plan-bot holidays` shows how far the calendar reaches, with and without the file', async () => {
    const dir = tempDataDir();
    const lib = await runCli(['holidays', '--data', dir, '--json']);
    expect(lib.code).toBe(0);
    const a = JSON.parse(lib.stdout) as { calendarCoveredUntil: string; holidaysFile: string | null };
    expect(a.holidaysFile).toBeNull();
    const year = Number(a.calendarCoveredUntil.slice(0, 4)) + 1;
    writeFileSync(path.join(dir, 'holidays.json'), JSON.stringify({ holidays: [`${year}-01-01`] }));
    const ext = await runCli(['holidays', '--data', dir]);
    expect(ext.stdout).toContain(`日历已知至：          ${year}-12-31`);
    expect(ext.stdout).toContain(`${year} 年放假 1 天、调休上班 0 天`);
    expect(readdirSync(dir)).toEqual(['holidays.json']); // read-only
  });

  it('warns the admins with the weekly digest when the next 60 days are not covered', async () => {
    const lib = new WorkCalendar();
    // a whole week in December of the library's last year: its digest comes less than 60 days before the end
    const y = lib.libraryCoveredYear;
    const bot = await tempBot({
      roster: TEST_ROSTER,
      admins: ['lark:ou_admin'],
      at: `${y}-12-01T00:00:00+08:00`,
    });
    bot.clock.set(`${y}-12-08T00:00:00+08:00`);
    const out = await bot.core.runDue(bot.clock.now());
    const warning = out.filter((o) => 'text' in o && o.text?.startsWith('【节假日日历提醒】'));
    expect(warning.map((o) => o.to.userId)).toEqual(['ou_admin']);
    expect('text' in (warning[0] ?? {}) && warning[0]?.text).toContain(
      `${lib.libraryCoveredYear + 1}-01-01起`,
    );

    const early = await tempBot({
      roster: TEST_ROSTER,
      admins: ['lark:ou_admin'],
      at: '2021-06-01T00:00:00+08:00',
    });
    early.clock.set('2021-06-08T00:00:00+08:00');
    const fine = await early.core.runDue(early.clock.now());
    expect(fine.some((o) => 'text' in o && o.text?.startsWith('【节假日日历提醒】'))).toBe(false);
    expect(fine.length).toBeGreaterThan(0);
  });
});
