import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Attachment } from '../../src/shared/types.js';
import { TEST_ROSTER, tempBot } from '../helpers/temp-bot.js';

/** An attachment as any adapter (WeCom media/get, Lark resources) would build it. */
const attachment = (bytes: Uint8Array | Error, name?: string): Attachment & { calls: number } => {
  const a = {
    kind: 'file' as const,
    key: 'media_1',
    calls: 0,
    ...(name ? { name } : {}),
    download: async () => {
      a.calls++;
      if (bytes instanceof Error) throw bytes;
      return bytes;
    },
  };
  return a;
};

describe('evidence through the platform-neutral core API (IncomingMessage.attachments)', () => {
  it('keeps a file sent with a report in the same message, from any platform', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const a = attachment(new TextEncoder().encode('minutes'), '纪要.docx');
    const [reply] = await bot.say('wechat:wxid_tour', '任务10 进度20% 已印发方案', { attachments: [a] });
    expect(reply).toContain('已记录 县文旅局');
    const rec = bot.store.data.checkins.find((c) => c.unit === '县文旅局');
    expect(rec?.evidence?.[0]).toMatchObject({ name: '纪要.docx', kind: 'file', bytes: 7 });
    expect(rec?.evidence?.[0]?.file).toMatch(/\.docx$/);
    expect(existsSync(path.join(bot.dataDir, rec?.evidence?.[0]?.file ?? ''))).toBe(true);
  });

  it('says what was not kept: a failed download, an empty file; and keeps nothing half-written', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务14 进度60% 已召开座谈会');
    const out = await bot.say('lark:ou_fin1', '', {
      attachments: [attachment(new Error('HTTP 400')), attachment(new Uint8Array(0), '空.pdf')],
    });
    expect(out.join('\n')).toContain('没有保存：文件1（下载失败）、空.pdf（空文件）');
    expect(bot.store.data.checkins[0]?.evidence).toBeUndefined();
    expect(readdirSync(path.join(bot.dataDir, 'evidence', '2021-W23'))).toEqual([]);
  });

  it('keeps nothing when the report it came with was not recorded (never on an older check-in)', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务14 进度60% 已召开座谈会');
    const a = attachment(new TextEncoder().encode('photo'), 'p.jpg');
    const out = await bot.say('lark:ou_fin1', '任务1 进度10% 已启动', { attachments: [a] });
    expect(out.join('\n')).toContain('任务1不是县财政局的任务');
    expect(out.join('\n')).toContain('图片和文件没有保存');
    expect(a.calls).toBe(0);
    expect(bot.store.data.checkins.every((c) => !c.evidence)).toBe(true);
  });

  it('answers a question sent with a screenshot as a question, and keeps nothing', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const a = attachment(new TextEncoder().encode('shot'), 'shot.png');
    const out = await bot.say('lark:ou_stranger', '任务14谁负责？', { attachments: [a] });
    expect(out.join('\n')).toContain('县发改局');
    expect(a.calls).toBe(0);
  });
});
