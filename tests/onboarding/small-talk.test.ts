import { describe, expect, it } from 'vitest';
import { TEST_ROSTER, tempBot } from '../helpers/temp-bot.js';

describe('everyday words', () => {
  it('收到, 好的 and a liaison’s 收到 after the prompt get no reply and record nothing; 谢谢 and 在吗 a short one', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    for (const text of ['收到', '好的', '收到！', '好的，收到', 'OK', '👍'])
      expect(await bot.say('lark:ou_fin1', text), text).toEqual([]);
    expect(bot.store.data.checkins).toHaveLength(0);
    expect(await bot.say('lark:ou_fin1', '谢谢')).toEqual(['不客气。']);
    expect(await bot.say('lark:ou_fin1', '收到，谢谢！')).toEqual(['不客气。']);
    const [ping] = await bot.say('wechat:someone', '在吗？');
    expect(ping).toContain('在的');
    // never read as a question about the plan
    for (const text of ['好的', '谢谢', '在吗']) {
      const out = await bot.say('wechat:someone', text);
      expect(out.join('')).not.toContain('方案中没有');
    }
  });

  it('a courtesy word inside a real message does not hide it', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [answer] = await bot.say('wechat:someone', '好的，那任务14谁负责');
    expect(answer).toContain('县发改局');
    const [recorded] = await bot.say('lark:ou_fin1', '收到，任务14 进度60% 已召开座谈会');
    expect(recorded).toContain('已记录');
  });
});
