import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cardAction, messageEvent } from './lark-events.js';
import { larkHarness, MODES } from './lark-harness.js';

/** The say-buttons of a card: label and what a click says. */
function buttons(card: unknown): { label: string; say: string }[] {
  const out: { label: string; say: string }[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.tag === 'button' && Array.isArray(o.behaviors)) {
        const label = String((o.text as { content?: string } | undefined)?.content ?? '');
        for (const b of o.behaviors as { value?: { act?: string; text?: string } }[])
          if (b.value?.act === 'say') out.push({ label, say: String(b.value.text) });
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe.each(MODES)('Lark confirmation card (%s mode, real SDK, fake platform)', (mode) => {
  let h: Awaited<ReturnType<typeof larkHarness>>;
  beforeAll(async () => {
    h = await larkHarness(mode);
  });
  afterEach(() => h.fake.reset());
  afterAll(() => h.stop());

  const records = () =>
    h.bot.store.data.checkins
      .filter((c) => !c.withdrawn && c.by.id === 'ou_fin1')
      .map((c) => [c.task, c.progress]);

  it('proposes the records on a card with 确认记录 / 修改 / 不记录; 确认 records them like a typed report', async () => {
    const before = records();
    await h.deliver(
      messageEvent({
        chatType: 'p2p',
        chatId: 'oc_fin',
        from: 'ou_fin1',
        text: '实训基地已完成选址，进度30%',
      }),
    );
    const card = h.sentContents()[0];
    const text = JSON.stringify(card);
    expect(text).toContain('请问是否记录以下内容？');
    expect(text).toContain(`任务16「实施高水平实训基地建设计划」进度30%`);
    const bs = buttons(card);
    expect(bs.map((b) => b.label)).toEqual(['确认记录', '修改', '不记录']);
    expect(records()).toEqual(before);
    const cardMsg = [...h.fake.messages.keys()].at(-1) as string;
    h.fake.reset();
    const d = await h.deliver(
      cardAction({
        from: 'ou_fin1',
        chatId: 'oc_fin',
        messageId: cardMsg,
        value: { act: 'say', text: bs[0]?.say },
      }),
    );
    expect(d.status).toBe(200);
    expect(records()).toEqual([...before, [16, 30]]);
    expect(h.sentTexts().join('\n')).toContain('已记录 县财政局 2021-W23');
    // the answer goes under the card it was clicked on
    expect(h.fake.sent()[0]?.path).toBe(`/open-apis/im/v1/messages/${cardMsg}/reply`);
  });

  it('修改 asks for the corrected line; the line is recorded and the proposal dropped', async () => {
    const before = records();
    await h.deliver(
      messageEvent({ chatType: 'p2p', chatId: 'oc_fin', from: 'ou_fin1', text: '任务5 进度60%？' }),
    );
    const bs = buttons(h.sentContents()[0]);
    const cardMsg = [...h.fake.messages.keys()].at(-1) as string;
    await h.deliver(
      cardAction({
        from: 'ou_fin1',
        chatId: 'oc_fin',
        messageId: cardMsg,
        value: { act: 'say', text: bs[1]?.say },
      }),
    );
    expect(h.sentTexts().join('\n')).toContain('请直接发送正确的内容');
    expect(records()).toEqual(before);
    await h.deliver(
      messageEvent({ chatType: 'p2p', chatId: 'oc_fin', from: 'ou_fin1', text: '任务5 进度55%' }),
    );
    expect(records()).toEqual([...before, [5, 55]]);
    expect(h.bot.store.data.pending).toEqual({});
  });
});
