import { describe, expect, it, vi } from 'vitest';

// counts the tokenizer's runs over the message's own text (the bot also tokenizes its plans' titles and words)
const runs = vi.hoisted(() => ({ texts: [] as string[] }));
vi.mock('../../src/language/tokenize.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/language/tokenize.js')>();
  return {
    ...real,
    tokenize: (text: string, ...rest: unknown[]) => {
      runs.texts.push(text);
      return (real.tokenize as (...a: unknown[]) => ReturnType<typeof real.tokenize>)(text, ...rest);
    },
  };
});

const { TEST_ROSTER, tempBot } = await import('../helpers/temp-bot.js');

describe('a message is tokenized once on its way through the core', () => {
  it('a question: routed past the report reader and the commands, then answered from the same tokens', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_x', '任务3'); // warm up: plans' own words are tokenized once per plan
    const q = '哪些任务县人社局没有参与';
    runs.texts.length = 0;
    const [answer] = await bot.say('lark:ou_x', q);
    expect(answer).toContain('县人社局');
    expect(runs.texts.filter((t) => t.includes('县人社局没有参与'))).toHaveLength(1);
  });

  it('a liaison’s report: read for routing and recorded from the same tokens', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务3');
    runs.texts.length = 0;
    const [done] = await bot.say('lark:ou_fin1', '任务14 进度60% 已召开校企座谈会');
    expect(done).toContain('已记录');
    expect(runs.texts.filter((t) => t.includes('已召开校企座谈会'))).toHaveLength(1);
  });
});
