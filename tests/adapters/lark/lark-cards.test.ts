import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cardAction, messageEvent } from './lark-events.js';
import { larkHarness, MODES } from './lark-harness.js';

/** Every callback button's value in a card. */
function buttonValues(card: unknown): unknown[] {
  const out: unknown[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.tag === 'button' && Array.isArray(o.behaviors))
        for (const b of o.behaviors as { value?: unknown }[]) out.push(b.value);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** The first element with this tag in a card. */
function findTag(card: unknown, tag: string): Record<string, unknown> | undefined {
  if (Array.isArray(card)) {
    for (const c of card) {
      const f = findTag(c, tag);
      if (f) return f;
    }
  } else if (card && typeof card === 'object') {
    const o = card as Record<string, unknown>;
    if (o.tag === tag) return o;
    for (const v of Object.values(o)) {
      const f = findTag(v, tag);
      if (f) return f;
    }
  }
  return undefined;
}

describe.each(MODES)('Lark cards you can click (%s mode, real SDK, fake platform)', (mode) => {
  let h: Awaited<ReturnType<typeof larkHarness>>;
  beforeAll(async () => {
    h = await larkHarness(mode);
  });
  afterEach(() => h.fake.reset());
  afterAll(() => h.stop());

  it('turns "您是不是想问" suggestions into buttons that ask the question for the clicker', async () => {
    await h.deliver(
      messageEvent({ chatType: 'p2p', chatId: 'oc_q', from: 'ou_q', text: '县民政局负责哪些任务' }),
    );
    const card = h.sentContents()[0];
    const asks = buttonValues(card) as { act: string; text: string }[];
    expect(asks.length).toBeGreaterThan(0);
    expect(asks[0]?.act).toBe('say');
    const cardMsg = [...h.fake.messages.keys()].at(-1) as string;
    h.fake.reset();
    const d = await h.deliver(
      cardAction({ from: 'ou_q', chatId: 'oc_q', messageId: cardMsg, value: asks[0] }),
    );
    expect(d.status).toBe(200);
    expect((d.result.toast as { content: string }).content).toContain(asks[0]?.text);
    const reply = h.fake.sent()[0];
    expect(reply?.path).toBe(`/open-apis/im/v1/messages/${cardMsg}/reply`);
    const answer = JSON.stringify(h.sentContents()[0]);
    expect(answer).toContain(asks[0]?.text.replace(/负责哪些任务$/, ''));
  });

  it('asks im.chat.get whether a chat it has not seen is a direct chat before acting on a click there', async () => {
    h.fake.chats.set(`oc_unseen_${mode}`, 'group');
    await h.deliver(
      cardAction({
        from: 'ou_admin',
        chatId: `oc_unseen_${mode}`,
        messageId: 'om_old_card',
        value: { act: 'say', text: '导出 csv' },
      }),
    );
    expect(
      h.fake.requests.some(
        (r) => r.method === 'GET' && r.path === `/open-apis/im/v1/chats/oc_unseen_${mode}`,
      ),
    ).toBe(true);
    // a group: the export goes to the admin directly, the group is only told
    const file = h.fake.sent().find((r) => r.json?.msg_type === 'file');
    expect(file?.query.receive_id_type).toBe('open_id');
    expect(h.sentTexts().join('\n')).toContain('已私信发送给您');
  });

  it('sends the check-in form on 填报, records a submission like a typed report, and shows it in place', async () => {
    await h.deliver(messageEvent({ chatType: 'p2p', chatId: 'oc_fin', from: 'ou_fin1', text: '填报' }));
    const contents = h.sentContents();
    const formCard = contents.find((c) => findTag(c, 'form'));
    expect(formCard).toBeDefined();
    const taskSelect = findTag(formCard, 'select_static') as { options: { value: string }[] };
    expect(taskSelect.options.map((o) => o.value)).toEqual([
      '2',
      '3',
      '4',
      '5',
      '9',
      '11',
      '12',
      '14',
      '15',
      '16',
      '20',
    ]);
    const submit = buttonValues(formCard)[0];
    expect(submit).toEqual({ act: 'checkin', unit: '县财政局', week: '2021-W23' });
    const formMsg = [...h.fake.messages.keys()].at(-1) as string;
    h.fake.reset();
    const d = await h.deliver(
      cardAction({
        from: 'ou_fin1',
        chatId: 'oc_fin',
        messageId: formMsg,
        value: submit,
        formValue: { task: '12', status: 'delayed', progress: '35', note: `表单填报 ${mode}` },
      }),
    );
    expect(d.status).toBe(200);
    expect(d.result.toast).toEqual({ type: 'success', content: '已记录' });
    const shown = JSON.stringify(d.result.card);
    expect(shown).toContain('已记录');
    expect(shown).toContain('任务12');
    expect(shown).toContain('进度35%');
    expect(shown).not.toContain('"tag":"form"');
    const rec = h.bot.store.data.checkins.find((c) => c.note === `表单填报 ${mode}`);
    expect(rec).toMatchObject({
      unit: '县财政局',
      task: 12,
      progress: 35,
      status: 'delayed',
      week: '2021-W23',
    });
    expect(rec?.by).toMatchObject({ platform: 'lark', id: 'ou_fin1' });
  });

  it('refuses a form from someone not bound, or with a task of another unit, and records nothing', async () => {
    const before = h.bot.store.data.checkins.length;
    const value = { act: 'checkin', unit: '县财政局', week: '2021-W23' };
    const stranger = await h.deliver(
      cardAction({
        from: 'ou_stranger',
        chatId: 'oc_x',
        messageId: 'om_form_x',
        value,
        formValue: { task: '14', status: 'normal' },
      }),
    );
    expect((stranger.result.toast as { type: string; content: string }).content).toContain('还没有绑定');
    const foreign = await h.deliver(
      cardAction({
        from: 'ou_fin1',
        chatId: 'oc_fin',
        messageId: 'om_form_y',
        value,
        formValue: { task: '1', status: 'normal' },
      }),
    );
    expect((foreign.result.toast as { content: string }).content).toContain('任务1不是县财政局的任务');
    const bad = await h.deliver(
      cardAction({
        from: 'ou_fin1',
        chatId: 'oc_fin',
        messageId: 'om_form_z',
        value,
        formValue: { task: '14', status: 'normal', progress: '150' },
      }),
    );
    expect((bad.result.toast as { content: string }).content).toContain('0到100');
    expect(h.bot.store.data.checkins.length).toBe(before);
  });

  it('sends each weekly prompt with the form; in a unit chat it @s the liaison and asks to @ the bot', async () => {
    const out = await h.bot.core.runDue(new Date('2021-06-15T09:00:30+08:00'));
    const prompts = out.filter((o) => 'text' in o && o.text?.startsWith('【每周进度汇报】'));
    expect(prompts.length).toBeGreaterThan(0);
    for (const o of prompts) await h.adapter.send(o);
    const sent = h.fake.sent();
    const chat = sent.filter((r) => r.json?.receive_id === 'oc_bianban');
    expect(chat.map((r) => r.json?.msg_type)).toEqual(['text', 'interactive']);
    const text = JSON.parse(String(chat[0]?.json?.content)).text as string;
    expect(text.startsWith('<at user_id="ou_bb"></at>')).toBe(true);
    expect(text).toContain('请 @我');
    expect(findTag(JSON.parse(String(chat[1]?.json?.content)), 'form')).toBeDefined();
    const direct = sent.filter((r) => r.json?.receive_id === 'ou_fin1');
    expect(direct.map((r) => r.json?.msg_type)).toEqual(['text', 'interactive']);
    expect(String(direct[0]?.json?.content)).not.toContain('<at');
  });

  it('gives admins export buttons in help; a click sends the file', async () => {
    await h.deliver(messageEvent({ chatType: 'p2p', chatId: 'oc_admin', from: 'ou_admin', text: '帮助' }));
    const values = buttonValues(h.sentContents()[0]) as { text: string }[];
    expect(values.map((v) => v.text)).toEqual([
      '导出 xlsx',
      '导出 csv',
      '导出 json',
      '本周汇报情况',
      '待审核',
      '督办通报',
    ]);
    h.fake.reset();
    await h.deliver(messageEvent({ chatType: 'p2p', chatId: 'oc_u', from: 'ou_user5', text: '帮助' }));
    expect(buttonValues(h.sentContents()[0])).toEqual([]);
    const helpMsg = [...h.fake.messages.keys()].at(-1) as string;
    h.fake.reset();
    h.fake.chats.set('oc_admin', 'p2p');
    await h.deliver(
      cardAction({ from: 'ou_admin', chatId: 'oc_admin', messageId: helpMsg, value: values[1] }),
    );
    const upload = h.fake.requests.find((r) => r.path === '/open-apis/im/v1/files');
    expect(upload?.body).toMatch(/name="file_type"\r\n\r\nstream\r\n/);
    expect(upload?.body).toMatch(/plan-bot-.*\.csv/);
    expect(h.fake.sent().some((r) => r.json?.msg_type === 'file')).toBe(true);
  });
});

describe.each(MODES)('Lark card callbacks with a slow core (%s mode)', (mode) => {
  it('answers the click within the budget with "saving", then sends the result when the core is done', async () => {
    let release = () => {};
    const hold = new Promise<void>((r) => {
      release = r;
    });
    // the core does not answer until released: the adapter must not wait for it past its budget
    const h = await larkHarness(mode, { holdEvents: hold, opts: { cardBudgetMs: 20 } });
    try {
      const value = { act: 'checkin', unit: '县财政局', week: '2021-W23' };
      const d = await h.deliver(
        cardAction({
          from: 'ou_fin1',
          chatId: 'oc_fin',
          messageId: 'om_form_slow',
          value,
          formValue: { task: '14', status: 'normal', progress: '70', note: '慢速保存' },
        }),
        { idle: false },
      );
      // answered while the core still holds the submission: nothing recorded yet
      expect(d.status).toBe(200);
      expect(d.result.toast).toEqual({ type: 'info', content: '正在保存，结果稍后发送。' });
      expect(h.bot.store.data.checkins.some((c) => c.note === '慢速保存')).toBe(false);
      release();
      await h.adapter.idle();
      expect(h.bot.store.data.checkins.some((c) => c.note === '慢速保存')).toBe(true);
      const reply = h.fake.sent().at(-1);
      expect(reply?.path).toBe('/open-apis/im/v1/messages/om_form_slow/reply');
      expect(h.sentTexts().join('\n')).toContain('已记录 县财政局');
    } finally {
      release();
      await h.stop();
    }
  });
});

describe('Lark plain replies in a unit chat (LARK_GROUP_REPLIES=unit-chat, scope im:message.group_msg)', () => {
  it('records a bound member’s plain report in their unit’s chat, and ignores everything else', async () => {
    const h = await larkHarness('webhook', { env: { LARK_GROUP_REPLIES: 'unit-chat' } });
    try {
      await h.deliver(
        messageEvent({ from: 'ou_bb', chatId: 'oc_bianban', text: '任务9 进度50% 已完成编制核定' }),
      );
      expect(h.bot.store.data.checkins.some((c) => c.unit === '县委编办' && c.progress === 50)).toBe(true);
      expect(h.sentTexts().join('\n')).toContain('已记录 县委编办');
      h.fake.reset();
      await h.deliver(messageEvent({ from: 'ou_bb', chatId: 'oc_bianban', text: '今天下午开会吗' }));
      await h.deliver(messageEvent({ from: 'ou_bb', chatId: 'oc_other', text: '任务9 进度60%' }));
      await h.deliver(messageEvent({ from: 'ou_fin1', chatId: 'oc_bianban', text: '任务14 进度60%' }));
      expect(h.fake.sent()).toHaveLength(0);
      expect(h.bot.store.data.checkins.filter((c) => c.progress === 60)).toHaveLength(0);
    } finally {
      await h.stop();
    }
  });

  it('without the option, the same plain report is not handled', async () => {
    const h = await larkHarness('webhook');
    try {
      await h.deliver(
        messageEvent({ from: 'ou_bb', chatId: 'oc_bianban', text: '任务9 进度50% 已完成编制核定' }),
      );
      expect(h.fake.sent()).toHaveLength(0);
      expect(h.bot.store.data.checkins).toHaveLength(0);
    } finally {
      await h.stop();
    }
  });
});
