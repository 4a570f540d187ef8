import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { selectExport } from '../../src/export/export-data.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { projectRoot } from '../../src/project-root.js';
import { type Checkin, emptyDb } from '../../src/store/db-schema.js';
import { runCli } from '../cli/run-cli.js';

const fixture = path.join(projectRoot(), 'tests/fixtures/replay/week-2021-W23.jsonl');
const kb = loadKnowledge();

function record(week: string, at: string): Checkin {
  return {
    id: `${week}-${at}`,
    plan: 'jishan-2021',
    unit: '县财政局',
    task: 14,
    week,
    progress: 50,
    status: 'normal',
    note: '',
    by: { platform: 'lark', id: 'ou_fin1' },
    at,
    late: false,
    msgId: `lark:${at}`,
    withdrawn: false,
  };
}

describe('the export’s default range', () => {
  it('ends at the plan’s last deadline, at the last week with data when that is later, and never after today', () => {
    const db = emptyDb();
    db.checkins.push(record('2021-W23', '2021-06-07T02:00:00.000Z'));
    // the plan's tasks are due by 2022年底: a 2021 replay exported in 2026 stops at 2022-W52
    const long = selectExport(db, kb, {}, new Date('2026-12-01T00:00:00Z'));
    expect(long.weeks[0]).toBe('2021-W23');
    expect(long.weeks.at(-1)).toBe('2022-W52');
    expect(long.missing.every((m) => m.week <= '2022-W52')).toBe(true);
    // units kept reporting after the deadline: up to their last report
    db.checkins.push(record('2023-W10', '2023-03-07T02:00:00.000Z'));
    expect(selectExport(db, kb, {}, new Date('2026-12-01T00:00:00Z')).weeks.at(-1)).toBe('2023-W10');
    // while the plan runs: up to the current week, not into the future
    expect(selectExport(db, kb, {}, new Date('2021-07-01T00:00:00Z')).weeks.at(-1)).toBe('2021-W26');
    // an explicit --to wins
    expect(selectExport(db, kb, { to: '2024-W01' }, new Date('2026-12-01T00:00:00Z')).weeks.at(-1)).toBe(
      '2024-W01',
    );
  });
});

describe('the XLSX ledger prints well', { timeout: 60_000 }, () => {
  it('landscape, fit to width, header rows repeated, a title row, a colour legend, and 平台 in Chinese', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-xlsx-'));
    expect((await runCli(['replay', fixture, '--data', dir])).code).toBe(0);
    const out = path.join(dir, 'ledger.xlsx');
    const r = await runCli(['export', '--data', dir, '--out', out]);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup, ws.name).toMatchObject({
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
      });
      expect(ws.pageSetup.printTitlesRow, ws.name).toBe('1:2');
      const title = String(ws.getRow(1).getCell(1).value);
      expect(title, ws.name).toContain(kb.document.title);
      expect(title, ws.name).toContain('2021-W23至2022-W52');
      expect(title, ws.name).toContain(`导出日期 ${today}`);
      expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen', ySplit: 2 });
    }
    const records = wb.getWorksheet('汇报记录');
    const header = records?.getRow(2).values as unknown[];
    const platformCol = header.indexOf('平台');
    expect(platformCol).toBeGreaterThan(0);
    const platforms = new Set(
      (records?.getColumn(platformCol).values ?? []).slice(3).filter((v) => v !== undefined && v !== null),
    );
    expect([...platforms].sort()).toEqual(['微信', '飞书']);
    const ledger = wb.getWorksheet('台账');
    const weeks = ((ledger?.getRow(2).values ?? []) as unknown[]).filter((v) =>
      /^\d{4}-W\d{2}$/.test(String(v)),
    );
    expect(weeks[0]).toBe('2021-W23');
    expect(weeks.at(-1)).toBe('2022-W52');
    // the legend: one cell per light, filled in its colour, with what it means
    const legend: Record<string, string> = {};
    ledger?.eachRow((row) => {
      row.eachCell((c) => {
        const v = String(c.value ?? '');
        const fill = (c.fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb;
        if (/^(红|黄|绿)/.test(v) && fill && v.length > 4) legend[v.slice(0, 1)] = fill;
      });
    });
    expect(legend).toEqual({ 红: 'FFFFC7CE', 黄: 'FFFFEB9C', 绿: 'FFC6EFCE' });
  });
});
