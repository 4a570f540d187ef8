import { ROLE_LABEL } from '../checkins/member-roles.js';
import type { Roster } from '../checkins/roster.js';
import { replyAddress } from '../core/reply-address.js';
import type { IncomingMessage, Outgoing } from '../shared/types.js';

/** "我的ID", "本群ID": the sender's platform id and, in a group, the chat's id, as the binding commands take them. */
export const MY_ID_COMMAND = /^(?:我的\s*id|我的编号|本群\s*id|群\s*id|my\s*id)$/i;

/**
 * Answers 我的ID: the sender's `platform:id` (what 绑定 and PLAN_BOT_ADMINS take), their binding if any, and in a
 * group the chat's id with the command that makes it a unit's chat. Platform-neutral: every adapter's ids work.
 */
export function myId(msg: IncomingMessage, roster: Roster): Outgoing[] {
  const me = `${msg.platform}:${msg.sender.id}`;
  const bound = roster.memberOf(msg.platform, msg.sender.id);
  const lines = [
    `您的ID：${me}`,
    bound
      ? `已绑定：${bound.unit}${ROLE_LABEL[bound.member.role]}（${bound.member.name}）`
      : `尚未绑定单位。请把这一行发给管理员：绑定 单位名称 ${me} ${msg.sender.name ?? '姓名'}`,
  ];
  if (msg.chatType === 'group') {
    const unit = roster.units().find((u) => u.chat?.platform === msg.platform && u.chat.id === msg.chatId);
    lines.push(`本群ID：${msg.platform}:${msg.chatId}`);
    lines.push(
      unit
        ? `本群是${unit.unit}的工作群。`
        : '管理员在本群发送“绑定本群 单位名称”，即可把每周汇报提醒发到本群。',
    );
  }
  return [{ to: replyAddress(msg), text: lines.join('\n') }];
}
