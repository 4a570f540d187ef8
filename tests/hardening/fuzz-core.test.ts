import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureLogger } from '../helpers/capture-logger.js';
import { TEST_ROSTER, tempBot } from '../helpers/temp-bot.js';

/** How many messages to generate (the mutation check runs fewer: the planted bugs it looks for are common). */
const RUNS = Number(process.env.PLAN_BOT_FUZZ_RUNS ?? 10_000);

/** Lark refuses cards over 30 KB; text messages may be 150 KB; we stay under both. */
const MAX_REPLY_BYTES = 30_000;

const numeral = fc.oneof(
  fc.integer({ min: -5, max: 1000 }).map(String),
  fc.constantFrom('十四', '二十一', '一百', '零', '两', '１４', '⑭', 'fourteen', '九十九'),
);
const fragment = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '任务',
    '第',
    '项',
    '谁负责',
    '牵头',
    '进度',
    '%',
    '百分之',
    '成',
    '撤回',
    '导出',
    '绑定',
    '解绑',
    '名单',
  ),
  fc.constantFrom(
    '本周汇报情况',
    '任务进度总览',
    '我的任务',
    '帮助',
    '县财政局',
    '财政',
    '@',
    '#',
    '\u2005',
    '\u3000',
  ),
  fc.constantFrom(
    '{"text":',
    '"}',
    '[',
    ']',
    '\\u0000',
    '\u0000',
    '\u001b[31m',
    '\r\n',
    '\t',
    '😀',
    '𠮷',
    '\ufeff',
  ),
  numeral,
  fc.json(),
);
const message = fc.oneof(
  fc.array(fragment, { maxLength: 12 }).map((a) => a.join('')),
  fc.array(fragment, { maxLength: 6 }).map((a) => a.join(' ')),
  fc.string({ maxLength: 20_000 }),
);

describe('fuzzing the core through the adapters’ entry point', () => {
  it(`survives ${RUNS} generated messages: no exception, no unhandled rejection, every reply within limits`, async () => {
    // the core's error boundary turns any exception into an apology: count its log lines, which must stay at zero
    const log = captureLogger();
    const bot = await tempBot({ roster: TEST_ROSTER, admins: ['lark:ou_admin'], log });
    const boundaryHits = () => log.lines.filter((l) => JSON.parse(l).level === 'error');
    const senders = [
      'lark:ou_admin',
      'lark:ou_fin1',
      'wechat:wxid_tour',
      'wechat:wxid_stranger',
      'console:console-user',
    ];
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    let count = 0;
    let longest = 0;
    try {
      await fc.assert(
        fc.asyncProperty(message, fc.constantFrom(...senders), fc.boolean(), async (text, from, group) => {
          count++;
          const out = await bot.say(from, text, group ? { chatType: 'group', mentionsBot: true } : {});
          for (const reply of out) {
            const bytes = Buffer.byteLength(reply, 'utf8');
            longest = Math.max(longest, bytes);
            expect(bytes).toBeLessThan(MAX_REPLY_BYTES);
            expect(reply).not.toMatch(/\n\s+at .+\.(?:js|ts):\d+/); // no stack trace reaches a user
            expect(reply).not.toContain('处理这条消息时出错了');
          }
          expect(boundaryHits(), text).toEqual([]);
        }),
        { numRuns: RUNS, seed: 20261128 },
      );
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(count).toBeGreaterThanOrEqual(RUNS);
    expect(boundaryHits()).toEqual([]);
    expect(rejections).toEqual([]);
    console.log(`fuzz: ${count} messages, longest reply ${longest} bytes`);
  }, 300_000);
});
