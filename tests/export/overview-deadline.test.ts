import { describe, expect, it } from 'vitest';
import { tempBot } from '../helpers/temp-bot.js';

describe('任务进度总览 after the plan deadline', () => {
  it('says the deadline has passed and that reports can still be made', async () => {
    const bot = await tempBot({ at: '2026-12-01T10:00:00+08:00' });
    const [text] = await bot.say('console:console-user', '任务进度总览');
    const [head, note] = (text ?? '').split('\n');
    expect(head).toMatch(/^【任务进度总览】2026-W49：绿0项、黄0项、红20项$/);
    expect(note).toContain('方案规定的完成时限（2022年底）已过');
    expect(note).toContain('仍可照常汇报');
  });

  it('says nothing of the kind before the deadline', async () => {
    const bot = await tempBot({ at: '2022-06-01T10:00:00+08:00' });
    const [text] = await bot.say('console:console-user', '任务进度总览');
    expect(text).not.toContain('已过');
    expect(text?.split('\n')[1]).toMatch(/^🔴 任务1/);
  });
});
