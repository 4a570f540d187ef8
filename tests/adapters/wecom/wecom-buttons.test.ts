import { afterEach, describe, expect, it } from 'vitest';
import { buttonCard } from '../../../adapters/wecom/wecom-buttons.js';
import { startWecom, wecomPoster } from './wecom-fixture.js';

let current: { stop: () => Promise<void> } | undefined;
afterEach(async () => {
  await current?.stop();
  current = undefined;
});

/** The real WeCom adapter against the fake API: 王会计 reports for 县财政局, DuChaShi is the admin. */
async function world() {
  const w = await startWecom();
  current = { stop: w.stop };
  const send = wecomPoster(w.adapter, w.cfg);
  let seq = 8_000_000_000_000_000_000n;
  const post = async (fields: Record<string, string | number>) => {
    const res = await send({ CreateTime: 1648000000, AgentID: Number(w.cfg.agentId), ...fields });
    await w.adapter.idle();
    return res;
  };
  const text = (from: string, content: string) =>
    post({ FromUserName: from, MsgType: 'text', Content: content, MsgId: String(++seq) });
  /** A click on a template card's button, as WeCom calls back (template_card_event). */
  const click = (from: string, taskId: string, key: string, createTime = 1648000100) =>
    post({
      FromUserName: from,
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: key,
      TaskId: taskId,
      CardType: 'button_interaction',
      ResponseCode: `rc-${createTime}`,
      CreateTime: createTime,
    });
  return { ...w, text, click };
}

type Card = { task_id: string; main_title: { title: string }; button_list: { text: string; key: string }[] };

describe('WeCom template cards for buttons (real adapter, fake WeCom API)', () => {
  it('sends 待审核 with a 按钮交互型 card; a click confirms the report as the admin, once', async () => {
    const w = await world();
    await w.text('WangKuaiJi', '任务14 进度60% 已召开校企座谈会');
    expect(w.bot.store.data.checkins).toHaveLength(1);
    await w.text('DuChaShi', '待审核');
    expect(w.api.texts().at(-1)).toContain('【待审核】共1条');
    const card = w.api.cards().at(-1) as Card;
    expect(card.main_title.title).toBe('【待审核】共1条：');
    expect(card.button_list.map((b) => b.text)).toEqual(['确认1', '退回1']);

    await w.click('DuChaShi', card.task_id, card.button_list[0]?.key ?? '');
    expect(w.api.texts().at(-1)).toContain('已确认：县财政局 任务14「推进产教深度融合」');
    expect(w.bot.store.data.checkins[0]?.review).toMatchObject({
      state: 'confirmed',
      by: { platform: 'wecom', id: 'DuChaShi' },
    });
    // WeCom calls back again when it did not hear back in time: the same click is handled once
    const before = w.api.texts().length;
    await w.click('DuChaShi', card.task_id, card.button_list[0]?.key ?? '');
    expect(w.api.texts()).toHaveLength(before);
  });

  it('a 退回 click asks the reason, the next message gives it, and the liaison hears it', async () => {
    const w = await world();
    await w.text('WangKuaiJi', '任务14 进度60% 已召开校企座谈会');
    await w.text('DuChaShi', '待审核');
    const card = w.api.cards().at(-1) as Card;
    await w.click('DuChaShi', card.task_id, card.button_list[1]?.key ?? '');
    expect(w.api.texts().at(-1)).toContain('请回复退回县财政局 任务14的原因');
    await w.text('DuChaShi', '佐证不足，请补充会议纪要');
    const toLiaison = w.api
      .sent()
      .filter((m) => m.touser === 'WangKuaiJi' && m.msgtype === 'text')
      .map((m) => (m.text as { content: string }).content);
    expect(toLiaison.at(-1)).toContain('【退回】县财政局 任务14');
    expect(toLiaison.at(-1)).toContain('原因：佐证不足，请补充会议纪要');
  });

  it('refuses a click from someone who is not an admin, and ignores keys that are not its own', async () => {
    const w = await world();
    await w.text('WangKuaiJi', '任务14 进度60% 已召开校企座谈会');
    await w.text('DuChaShi', '待审核');
    const card = w.api.cards().at(-1) as Card;
    await w.click('WangKuaiJi', card.task_id, card.button_list[0]?.key ?? '');
    expect(w.api.texts().at(-1)).toContain('只有管理员');
    expect(w.bot.store.data.checkins[0]?.review).toBeUndefined();
    const before = w.api.sent().length;
    await w.click('DuChaShi', card.task_id, 'someone-elses-key', 1648000200);
    expect(w.api.sent()).toHaveLength(before);
  });

  it('keeps a card within what WeCom takes: six buttons, ten-character labels, keys in plain characters', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({
      label: `一个很长很长的按钮名称${i}`,
      say: `确认 县财政局 任务${i + 1}`,
    }));
    const body = buttonCard('标题\n正文', many, 'pb-x') as { template_card: Card };
    expect(body.template_card.button_list).toHaveLength(6);
    expect(
      body.template_card.button_list.every((b) => [...b.text].length <= 10 && /^[\w:-]+$/.test(b.key)),
    ).toBe(true);
    expect(buttonCard('标题', [], 'pb-x')).toBeUndefined();
  });
});
