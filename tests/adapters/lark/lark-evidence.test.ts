import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Outgoing } from '../../../src/shared/types.js';
import { messageEvent } from './lark-events.js';
import { larkHarness, MODES } from './lark-harness.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9, 9]);
const PDF = Buffer.from('%PDF-1.4 minutes of the meeting');

describe.each(MODES)('Evidence (佐证材料) from Lark (%s mode, real SDK, fake platform)', (mode) => {
  let h: Awaited<ReturnType<typeof larkHarness>>;
  beforeAll(async () => {
    h = await larkHarness(mode);
    h.fake.resources.set('img_site', PNG);
    h.fake.resources.set('file_minutes', PDF);
  });
  afterEach(() => h.fake.reset());
  afterAll(() => h.stop());
  const dm = { from: 'ou_fin1', chatType: 'p2p' as const, chatId: 'oc_fin' };
  const texts = () => h.sentTexts().join('\n');
  const downloads = () => h.fake.requests.filter((r) => r.path.includes('/resources/'));

  it('keeps a photo sent within minutes after a report, downloaded through the resource API and linked to it', async () => {
    await h.deliver(
      messageEvent({ ...dm, text: '任务15 进度45% 已完成实训基地选址', messageId: `om_r15_${mode}` }),
    );
    h.bot.clock.set('2021-06-07T10:05:00+08:00');
    await h.deliver(
      messageEvent({
        ...dm,
        messageType: 'image',
        content: '{"image_key":"img_site"}',
        messageId: `om_img_${mode}`,
      }),
    );
    expect(downloads().map((r) => [r.path, r.query.type])).toEqual([
      [`/open-apis/im/v1/messages/om_img_${mode}/resources/img_site`, 'image'],
    ]);
    const rec = h.bot.store.data.checkins.find((c) => c.msgId === `lark:om_r15_${mode}`);
    const ev = rec?.evidence?.[0];
    expect(ev).toMatchObject({
      kind: 'image',
      name: '图片1.png',
      bytes: PNG.length,
      msgId: `lark:om_img_${mode}`,
    });
    expect(ev?.file).toMatch(/^evidence\/2021-W23\/[0-9a-f-]{36}\.png$/);
    expect(readFileSync(path.join(h.bot.dataDir, ev?.file ?? ''))).toEqual(PNG);
    expect(texts()).toContain('已保存佐证材料1份，关联到 县财政局 2021-W23 任务15的汇报');
  });

  it('keeps a file (its name) too, and 任务N进展如何 mentions the evidence', async () => {
    await h.deliver(
      messageEvent({
        ...dm,
        messageType: 'file',
        content: JSON.stringify({ file_key: 'file_minutes', file_name: '选址会议纪要.pdf' }),
      }),
    );
    expect(downloads()[0]?.query.type).toBe('file');
    h.fake.reset();
    await h.deliver(
      messageEvent({ from: 'ou_reader', chatType: 'p2p', chatId: 'oc_r', text: '任务15进展如何' }),
    );
    expect(texts()).toContain('佐证材料2份（图片1.png、选址会议纪要.pdf）');
  });

  it('refuses a photo long after the last report, without downloading it; one naming a task in its caption is kept', async () => {
    h.bot.clock.set('2021-06-07T11:00:00+08:00');
    await h.deliver(messageEvent({ ...dm, messageType: 'image', content: '{"image_key":"img_site"}' }));
    expect(downloads()).toHaveLength(0);
    expect(texts()).toContain('没有找到可以关联的汇报');
    h.fake.reset();
    const caption = {
      title: '',
      content: [[{ tag: 'text', text: '任务15 现场照片' }], [{ tag: 'img', image_key: 'img_site' }]],
    };
    await h.deliver(messageEvent({ ...dm, messageType: 'post', content: JSON.stringify(caption) }));
    expect(downloads()).toHaveLength(1);
    const rec = h.bot.store.data.checkins.find((c) => c.task === 15 && c.unit === '县财政局' && !c.withdrawn);
    expect(rec?.evidence).toHaveLength(3);
  });

  it('refuses evidence from someone not bound, and does not download it', async () => {
    await h.deliver(
      messageEvent({
        from: 'ou_nobody',
        chatType: 'p2p',
        messageType: 'image',
        content: '{"image_key":"img_site"}',
      }),
    );
    expect(downloads()).toHaveLength(0);
    expect(texts()).toContain('您还没有绑定单位');
  });

  it('lists the evidence in the XLSX ledger and the JSON export', async () => {
    const say = async (format: string): Promise<Outgoing & { file: { bytes: Uint8Array } }> => {
      const out = await h.bot.core.handle({
        platform: 'lark',
        id: `exp_${format}_${mode}`,
        chatId: 'oc_admin',
        chatType: 'direct',
        sender: { id: 'ou_admin' },
        text: `导出 ${format}`,
        mentionsBot: true,
        at: new Date(),
      });
      return out.find((o) => 'file' in o) as Outgoing & { file: { bytes: Uint8Array } };
    };
    const json = JSON.parse(Buffer.from((await say('json')).file.bytes).toString('utf8'));
    const withEvidence = json.checkins.find(
      (c: { task: number; evidence?: unknown[] }) => c.task === 15 && c.evidence,
    );
    expect(withEvidence.evidence.map((e: { name: string }) => e.name)).toEqual([
      '图片1.png',
      '选址会议纪要.pdf',
      '图片1.png',
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from((await say('xlsx')).file.bytes) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('汇报记录');
    const header = ((sheet?.getRow(2).values ?? []) as unknown[]).slice(1);
    const col = header.indexOf('佐证材料') + 1;
    expect(col).toBeGreaterThan(0);
    const cells: string[] = [];
    sheet?.eachRow((row, n) => {
      if (n > 2) cells.push(String(row.getCell(col).value ?? ''));
    });
    expect(cells.some((c) => c.includes('选址会议纪要.pdf（evidence/2021-W23/'))).toBe(true);
  });
});
