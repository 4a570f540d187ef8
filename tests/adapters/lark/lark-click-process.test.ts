import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLarkWebhookBot } from '../../helpers/bot-process.js';
import { tempDataDir } from '../../helpers/temp-bot.js';
import { FakeOpenPlatform, type Recorded } from './fake-open-platform.js';
import { cardAction, messageEvent, postEvent } from './lark-events.js';

const KEY = 'click-test-encrypt-key';

/** Every callback button's value in a sent card's content. */
function buttonValues(card: unknown): { act?: string; text?: string }[] {
  const out: { act?: string; text?: string }[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.tag === 'button' && Array.isArray(o.behaviors)) {
        for (const b of o.behaviors as { type?: string; value?: { act?: string; text?: string } }[])
          if (b.type === 'callback' && b.value) out.push(b.value);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** Resolves with the first request that passes `test`, polling what the fake received. */
async function sentWhere(
  fake: FakeOpenPlatform,
  test: (r: Recorded) => boolean,
  ms = 10_000,
): Promise<Recorded> {
  const until = Date.now() + ms;
  for (;;) {
    const r = fake.sent().find(test);
    if (r) return r;
    if (Date.now() > until)
      throw new Error(`not sent within ${ms} ms: ${JSON.stringify(fake.sent().map((x) => x.path))}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

describe('a 您是不是想问 button clicked in a direct chat, through the real bot process (Lark webhook)', () => {
  const fake = new FakeOpenPlatform();
  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('answers the suggested question under the card, as Lark delivers the click', {
    timeout: 30_000,
  }, async () => {
    fake.chats.set('oc_dm_q', 'p2p');
    const started = startLarkWebhookBot(tempDataDir(), { domain: fake.url, encryptKey: KEY });
    const { bot } = started;
    try {
      const url = await started.url;
      const asked = 'om_user_question_1';
      const r = await postEvent(
        url,
        messageEvent({
          chatType: 'p2p',
          chatId: 'oc_dm_q',
          from: 'ou_q',
          text: '学生谁负责',
          messageId: asked,
        }),
        KEY,
      );
      expect(r.status).toBe(200);
      const cardReply = await sentWhere(fake, (x) => x.path === `/open-apis/im/v1/messages/${asked}/reply`);
      const card = JSON.parse(String(cardReply.json?.content ?? '{}'));
      const asks = buttonValues(card).filter((v) => v.act === 'say');
      expect(asks.length).toBeGreaterThan(0);
      const cardMsg = [...fake.messages.keys()].at(-1) as string;
      fake.reset();
      const click = await postEvent(
        url,
        cardAction({ from: 'ou_q', chatId: 'oc_dm_q', messageId: cardMsg, value: asks[0] }),
        KEY,
      );
      expect(click.status).toBe(200);
      expect(JSON.parse(click.body).toast.content).toContain('正在查询');
      // the answer reaches the chat: a reply under the card (the click has no message of its own)
      const answer = await sentWhere(fake, (x) => x.path === `/open-apis/im/v1/messages/${cardMsg}/reply`);
      expect(String(answer.json?.content)).toContain(String(asks[0]?.text).replace(/^任务(\d+).*/, '任务$1'));
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
    }
  });
});
