import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cardAction, messageEvent } from './lark-events.js';
import { larkHarness, MODES } from './lark-harness.js';

/** The `say` buttons of a card: label and what a click says. */
function buttons(card: unknown): { label: string; say: string }[] {
  const out: { label: string; say: string }[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.tag === 'button' && Array.isArray(o.behaviors)) {
        const value = (o.behaviors as { value?: { act?: string; text?: string } }[])[0]?.value;
        const label = (o.text as { content?: string } | undefined)?.content ?? '';
        if (value?.act === 'say') out.push({ label, say: value.text ?? '' });
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

const ROSTER = [
  {
    unit: '县财政局',
    members: [
      { platform: 'lark', id: 'ou_fin1', name: '王会计', role: 'liaison' },
      { platform: 'lark', id: 'ou_fin_lead', name: '刘局长', role: 'leader' },
    ],
  },
];

describe.each(MODES)('review and 督办 on Lark (%s mode, real SDK, fake platform)', (mode) => {
  let h: Awaited<ReturnType<typeof larkHarness>>;
  beforeAll(async () => {
    h = await larkHarness(mode, { roster: ROSTER });
    h.fake.chats.set('oc_admin', 'p2p');
  });
  afterEach(() => h.fake.reset());
  afterAll(() => h.stop());

  const lastCard = () => [...h.fake.messages.keys()].at(-1) as string;
  const click = (say: string) =>
    h.deliver(
      cardAction({
        from: 'ou_admin',
        chatId: 'oc_admin',
        messageId: lastCard(),
        value: { act: 'say', text: say },
      }),
    );

  it('returns a report with the buttons of 待审核 and the reason typed next; the liaison hears it; 确认 by button', async () => {
    await h.deliver(
      messageEvent({
        chatType: 'p2p',
        chatId: 'oc_fin',
        from: 'ou_fin1',
        text: '任务14 进度60% 已召开座谈会',
      }),
    );
    h.fake.reset();
    await h.deliver(messageEvent({ chatType: 'p2p', chatId: 'oc_admin', from: 'ou_admin', text: '待审核' }));
    const card = h.sentContents()[0];
    expect(JSON.stringify(card)).toContain('【待审核】共1条');
    const list = buttons(card);
    expect(list).toEqual([
      { label: '确认1', say: '确认 县财政局 任务14' },
      { label: '退回1', say: '退回 县财政局 任务14' },
    ]);
    h.fake.reset();
    const d = await click(list[1]?.say ?? '');
    expect(d.status).toBe(200);
    expect(h.sentTexts().join('\n')).toContain('请回复退回县财政局 任务14的原因');
    h.fake.reset();
    await h.deliver(
      messageEvent({
        chatType: 'p2p',
        chatId: 'oc_admin',
        from: 'ou_admin',
        text: '佐证不足，请补充会议纪要',
      }),
    );
    const sent = h.fake.sent();
    const toLiaison = sent.filter((r) => r.json?.receive_id === 'ou_fin1');
    expect(toLiaison).toHaveLength(1);
    expect(String(toLiaison[0]?.json?.content)).toContain('【退回】县财政局 任务14');
    expect(String(toLiaison[0]?.json?.content)).toContain('原因：佐证不足，请补充会议纪要');
    expect(sent.some((r) => r.json?.receive_id === 'ou_fin_lead')).toBe(false);
    expect(h.bot.store.data.checkins[0]?.review?.state).toBe('returned');

    h.fake.reset();
    await h.deliver(
      messageEvent({
        chatType: 'p2p',
        chatId: 'oc_fin',
        from: 'ou_fin1',
        text: '任务14 进度70% 已补充会议纪要',
      }),
    );
    expect(h.sentTexts().join('\n')).toContain('重新提交');
    await h.deliver(messageEvent({ chatType: 'p2p', chatId: 'oc_admin', from: 'ou_admin', text: '待审核' }));
    h.fake.reset();
    await click('确认 县财政局 任务14');
    expect(h.sentTexts().join('\n')).toContain('已确认：县财政局 任务14');
    expect(h.bot.store.data.checkins[1]).toMatchObject({
      review: { state: 'confirmed', by: { id: 'ou_admin' } },
      resubmitOf: h.bot.store.data.checkins[0]?.id,
    });
  });

  it('puts the 督办通报 under 本周汇报情况 as a button that sends it', async () => {
    await h.deliver(
      messageEvent({ chatType: 'p2p', chatId: 'oc_admin', from: 'ou_admin', text: '本周汇报情况' }),
    );
    const list = buttons(h.sentContents()[0]);
    expect(list.map((b) => b.say)).toContain('督办通报');
    h.fake.reset();
    await click('督办通报');
    expect(h.sentTexts().join('\n')).toContain('【督办通报】');
  });
});
