import type { Roster } from '../checkins/roster.js';
import { replyAddress } from '../core/reply-address.js';
import type { Knowledge } from '../knowledge/schema.js';
import { resolveUnit } from '../qa/resolve-unit.js';
import type { IncomingMessage, Outgoing } from '../shared/types.js';
import type { Store } from '../store/store.js';

/** "绑定本群 县财政局": an admin makes the group they type in the unit's own chat. */
export const BIND_CHAT_COMMAND = /^(?:绑定本群|本群绑定|设为单位群)(?:\s+(.*))?$/;

/**
 * Sets a unit's chat to the group the command is typed in (weekly prompts and reminders then go there, @-ing the
 * unit's liaisons). Admins only, groups only; a chat already bound to another unit is moved, and the reply says so.
 */
export async function bindChat(
  msg: IncomingMessage,
  deps: { kb: Knowledge; store: Store; roster: Roster; isAdmin: boolean },
): Promise<Outgoing[]> {
  const to = replyAddress(msg);
  if (!deps.isAdmin) return [{ to, text: '只有管理员可以绑定本群。' }];
  if (msg.chatType !== 'group')
    return [{ to, text: '请在要绑定的单位工作群里发送“绑定本群 单位名称”（@我）。' }];
  const name = BIND_CHAT_COMMAND.exec(msg.text.trim())?.[1]?.trim() ?? '';
  if (!name) return [{ to, text: '用法：绑定本群 单位名称\n例如：绑定本群 县财政局' }];
  const { unit, suggestions } = resolveUnit(deps.kb, name);
  if (!unit) {
    return [
      {
        to,
        text: `没有找到单位“${name}”。${suggestions.length ? `您是不是想说：${suggestions.join('、')}？` : ''}\n用法：绑定本群 单位名称`,
      },
    ];
  }
  const chat = { platform: msg.platform, id: msg.chatId };
  const previous = deps.store.setUnitChat(unit, chat);
  try {
    await deps.store.commit();
  } catch {
    return [{ to, text: '保存失败：绑定没有生效，请稍后再试。' }];
  }
  const members = (deps.store.data.roster.find((u) => u.unit === unit)?.members ?? []).filter(
    (m) => m.platform === msg.platform,
  );
  return [
    {
      to,
      text: `已绑定：本群（${chat.platform}:${chat.id}）为${unit}的工作群${previous ? `（原为${previous}的群，已解除）` : ''}。每周汇报提醒将发到本群${members.length ? `并@${members.map((m) => m.name).join('、')}` : '；该单位还没有绑定联络员，请用“绑定 单位 @联络员”添加'}。`,
    },
  ];
}
