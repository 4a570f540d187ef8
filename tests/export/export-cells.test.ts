import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { pruneExports } from '../../src/export/prune-exports.js';
import type { Outgoing } from '../../src/shared/types.js';
import { TEST_ROSTER, tempBot } from '../helpers/temp-bot.js';

const fileOf = (out: Outgoing[]) => {
  const f = out.find((o) => 'file' in o);
  if (!f || !('file' in f)) throw new Error('no file');
  return f.file;
};

type Bot = Awaited<ReturnType<typeof tempBot>>;

/** An admin's 导出 command through the core. */
const exportVia = (bot: Bot, text: string, id: string, at = bot.clock.now()) =>
  bot.core.handle({
    platform: 'lark',
    id,
    chatId: 'ou_admin',
    chatType: 'direct',
    sender: { id: 'ou_admin' },
    text,
    mentionsBot: false,
    at,
  });

describe('export cells and files', () => {
  it('names the roster member as 汇报人 and keeps the platform name apart; notes lose control characters', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER, admins: ['lark:ou_admin'] });
    await bot.say('lark:ou_fin1', '任务14 进度20% 已召开\u0007座谈会\u0000', {
      sender: { id: 'ou_fin1', name: '县长本人' },
    });
    // the control characters are gone (the report reader reads one as a space between words)
    expect(bot.store.data.checkins[0]?.note).toMatch(/^已召开 ?座谈会$/);
    const out = await exportVia(bot, '导出 csv', 'exp1');
    const rows: string[][] = parse(Buffer.from(fileOf(out).bytes), { bom: true });
    const h = rows[0] as string[];
    const r = rows[1] as string[];
    expect(r[h.indexOf('汇报人')]).toBe('王会计');
    expect(r[h.indexOf('平台昵称')]).toBe('县长本人');
    expect(r[h.indexOf('平台账号')]).toBe('ou_fin1');
    await bot.store.close();
  });

  it('writes an XLSX that opens when a stored note holds U+FFFE, U+FFFF or control characters', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER, admins: ['lark:ou_admin'] });
    await bot.say('lark:ou_fin1', '任务14 进度20% 正常');
    // as an older version stored it, before notes were cleaned
    (bot.store.data.checkins[0] as { note: string }).note = 'a\uFFFEb\uFFFFc\u0001d\u001Fe';
    const out = await exportVia(bot, '导出 xlsx', 'exp2');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(fileOf(out).bytes) as unknown as ArrayBuffer);
    expect(wb.getWorksheet('汇报记录')?.getRow(3).getCell(8).value).toBe('abcde');
    await bot.store.close();
  });

  it('caps exports/ at the newest 50 files and 30 days', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER, admins: ['lark:ou_admin'] });
    const dir = path.join(bot.dataDir, 'exports');
    mkdirSync(dir, { recursive: true });
    const now = bot.clock.now().getTime();
    for (let i = 0; i < 60; i++) {
      const f = path.join(dir, `plan-bot-old-${i}.csv`);
      writeFileSync(f, 'x');
      const t = (now - i * 86400_000) / 1000; // one a day, back from the bot's today
      utimesSync(f, t, t);
    }
    writeFileSync(path.join(dir, 'notes.txt'), 'not an export: kept');
    await exportVia(bot, '导出 csv', 'exp3', new Date(now));
    const left = readdirSync(dir);
    expect(left).toContain('notes.txt');
    const exports = left.filter((n) => n.startsWith('plan-bot-'));
    // the new export and the 31 files of the last 30 days stay
    expect(exports).toHaveLength(32);
    expect(exports).toContain('plan-bot-old-30.csv');
    expect(exports).not.toContain('plan-bot-old-31.csv');
    // by count: 60 recent files, the newest 50 stay
    for (let i = 0; i < 60; i++) {
      const f = path.join(dir, `plan-bot-recent-${i}.csv`);
      writeFileSync(f, 'x');
      utimesSync(f, (now - i * 60_000) / 1000, (now - i * 60_000) / 1000);
    }
    pruneExports(dir, '', new Date(now));
    expect(readdirSync(dir).filter((n) => n.startsWith('plan-bot-'))).toHaveLength(50);
    await bot.store.close();
  });
});
