import type { Clock, Outgoing, Platform } from '../shared/types.js';
import type { Store } from '../store/store.js';
import { describe } from './checkin-desk.js';
import type { Roster } from './roster.js';

/** A message the platform says was recalled (Lark im.message.recalled_v1). */
export interface RecalledMessage {
  platform: Platform;
  chatId: string;
  messageId: string;
}

/**
 * Withdraws every live check-in recorded from a recalled message, keeping them in the history marked withdrawn
 * (as "撤回" does), and tells the chat what no longer counts. A recall of any other message changes nothing.
 */
export async function withdrawByMessage(
  m: RecalledMessage,
  deps: { store: Store; roster: Roster; clock: Clock },
): Promise<Outgoing[]> {
  const key = `${m.platform}:${m.messageId}`;
  const batch = deps.store.data.checkins.filter((c) => c.msgId === key && !c.withdrawn);
  if (batch.length === 0) return [];
  const now = deps.clock.now().toISOString();
  deps.store.changeCheckins(batch, (c) => {
    c.withdrawn = true;
    c.withdrawnAt = now;
  });
  deps.roster.invalidate();
  const to = { platform: m.platform, chatId: m.chatId };
  try {
    await deps.store.commit();
  } catch {
    return [{ to, text: '消息已撤回，但汇报作废没有保存成功；请发送“撤回”再试一次。' }];
  }
  const first = batch[0] as (typeof batch)[number];
  return [
    {
      to,
      text: `消息已撤回，${first.unit}（${first.week}）的这条汇报已作废：${batch.map((c) => `任务${c.task} ${describe(c)}`).join('；')}\n记录仍保留在历史中，标记为已撤回。`,
    },
  ];
}
