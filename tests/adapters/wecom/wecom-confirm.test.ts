import { afterEach, describe, expect, it } from 'vitest';
import { startWecom, wecomPoster } from './wecom-fixture.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/** The real adapter on 127.0.0.1 against the fake API: a liaison's text, and clicks on template card buttons. */
async function world() {
  const w = await startWecom();
  stop = w.stop;
  const post = wecomPoster(w.adapter, w.cfg);
  let seq = 8_000_000_000_000_000_000n;
  const say = async (content: string) => {
    await post({
      FromUserName: 'WangKuaiJi',
      CreateTime: 1623031200,
      MsgType: 'text',
      Content: content,
      MsgId: String(++seq),
      AgentID: Number(w.cfg.agentId),
    });
    await w.adapter.idle();
  };
  const click = async (card: Record<string, unknown>, label: string) => {
    const button = (card.button_list as { text: string; key: string }[]).find((b) => b.text === label);
    if (!button) throw new Error(`no button ${label}`);
    const res = await post({
      FromUserName: 'WangKuaiJi',
      CreateTime: 1623031260,
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: button.key,
      TaskId: String(card.task_id),
      CardType: 'button_interaction',
      ResponseCode: 'rc-click',
      AgentID: Number(w.cfg.agentId),
    });
    await w.adapter.idle();
    return res;
  };
  const records = () =>
    w.bot.store.data.checkins.filter((c) => !c.withdrawn).map((c) => [c.task, c.progress]);
  return { ...w, say, click, records };
}

describe('WeCom confirmations as 按钮交互型 template cards (real adapter, fake WeCom API)', () => {
  it('sends the proposed records as text and a card with 确认记录 / 修改 / 不记录; a click records them', async () => {
    const w = await world();
    await w.say('实训基地已完成选址，进度30%');
    expect(w.api.texts().at(-1)).toContain('请问是否记录以下内容？');
    expect(w.api.texts().at(-1)).toContain('• 任务16「实施高水平实训基地建设计划」进度30%');
    const card = w.api.cards().at(-1) as Record<string, unknown>;
    expect(card.card_type).toBe('button_interaction');
    expect((card.button_list as { text: string }[]).map((b) => b.text)).toEqual([
      '确认记录',
      '修改',
      '不记录',
    ]);
    expect(w.records()).toEqual([]);
    const res = await w.click(card, '确认记录');
    expect(res.status).toBe(200);
    expect(w.records()).toEqual([[16, 30]]);
    expect(w.api.texts().at(-1)).toContain('已记录 县财政局 2021-W23');
    // WeCom re-delivers the callback when it gets no answer in time: the click counts once
    const before = w.api.texts().length;
    await w.click(card, '确认记录');
    expect(w.records()).toEqual([[16, 30]]);
    expect(w.api.texts().length).toBe(before);
  });

  it('修改 asks for the corrected line and records that; 不记录 records nothing', async () => {
    const w = await world();
    await w.say('实训基地已完成选址，进度30%');
    await w.click(w.api.cards().at(-1) as Record<string, unknown>, '修改');
    expect(w.api.texts().at(-1)).toContain('请直接发送正确的内容');
    expect(w.records()).toEqual([]);
    await w.say('任务16 进度35% 实训基地已完成选址');
    expect(w.records()).toEqual([[16, 35]]);
    await w.say('任务5 进度60%？');
    await w.click(w.api.cards().at(-1) as Record<string, unknown>, '不记录');
    expect(w.api.texts().at(-1)).toContain('未记录');
    expect(w.records()).toEqual([[16, 35]]);
  });

  it('ignores a click whose key is not one of its buttons', async () => {
    const w = await world();
    const sent = w.api.sent().length;
    await w.click({ task_id: 'other-app-card', button_list: [{ text: 'x', key: 'approve' }] }, 'x');
    expect(w.api.sent().length).toBe(sent);
    expect(w.records()).toEqual([]);
  });
});
