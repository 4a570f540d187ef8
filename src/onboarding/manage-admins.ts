import { replyAddress } from '../core/reply-address.js';
import { PLATFORM_NAME } from '../shared/platform-names.js';
import {
  type Clock,
  type IncomingMessage,
  type Outgoing,
  PLATFORMS,
  type Platform,
} from '../shared/types.js';
import type { AdminList } from './admin-list.js';

/** The chat commands that manage admins: 添加管理员 @张三, 删除管理员 @张三, 管理员列表. */
export const ADMINS_COMMAND =
  /^(添加管理员|增加管理员|新增管理员|删除管理员|移除管理员|取消管理员|管理员列表|管理员名单)(?:\s|$)/;

const USAGE = [
  '用法：',
  '• 添加管理员 @张三（在群里或单聊中 @ 对方），或 添加管理员 平台:用户ID 姓名（如 添加管理员 wecom:ZhangWei 张伟）',
  '• 删除管理员 @张三，或 删除管理员 平台:用户ID',
  '• 管理员列表',
  '对方的ID可以让对方向我发送“我的ID”获得。',
].join('\n');

/** Who a command names: the first @-mention (with its id), or a typed `platform:id` and an optional name. */
function target(
  msg: IncomingMessage,
  words: string[],
): { platform: Platform; id: string; name?: string } | undefined {
  const typed = words.find((w) => /^[a-z]+:.+/.test(w));
  if (typed) {
    const i = typed.indexOf(':');
    const platform = typed.slice(0, i) as Platform;
    if (!PLATFORMS.includes(platform)) return undefined;
    const name = words.find((w) => w !== typed && !w.startsWith('@'));
    return { platform, id: typed.slice(i + 1), ...(name ? { name } : {}) };
  }
  const person = msg.mentions?.[0];
  if (!person) return undefined;
  const label = words.find((w) => w.startsWith('@'))?.slice(1);
  const name = person.name || label;
  return { platform: msg.platform, id: person.id, ...(name ? { name } : {}) };
}

/**
 * Admins managed in chat by an existing admin: 添加管理员 (stored, in effect at once, kept across restarts),
 * 删除管理员 (only those added in chat: PLAN_BOT_ADMINS are changed in the configuration) and 管理员列表.
 */
export async function manageAdmins(
  msg: IncomingMessage,
  deps: { admins: AdminList; clock: Clock },
): Promise<Outgoing[]> {
  const to = replyAddress(msg);
  const [cmd = '', ...words] = msg.text.trim().split(/\s+/);
  const me = { platform: msg.platform, id: msg.sender.id };
  if (!deps.admins.has(me))
    return [{ to, text: `只有管理员可以使用“${cmd}”。如需成为管理员，请联系现有管理员。` }];
  const show = (a: { platform: Platform; id: string }) =>
    `${PLATFORM_NAME[a.platform]} ${a.platform}:${a.id}`;
  if (/列表|名单/.test(cmd)) {
    const lines = deps.admins.all().map((a) => {
      const added = deps.admins.added(a);
      return added
        ? `• ${added.name ? `${added.name} ` : ''}${show(a)}（聊天中由 ${added.addedBy} 添加）`
        : `• ${show(a)}（配置文件 PLAN_BOT_ADMINS）`;
    });
    return [{ to, text: `管理员共${lines.length}人：\n${lines.join('\n')}\n${USAGE}` }];
  }
  const who = target(msg, words);
  if (!who) return [{ to, text: USAGE }];
  const label = `${who.name ? `${who.name}（${who.platform}:${who.id}）` : `${who.platform}:${who.id}`}`;
  if (/添加|增加|新增/.test(cmd)) {
    if (deps.admins.has(who)) return [{ to, text: `${label}已经是管理员。` }];
    try {
      await deps.admins.add({
        platform: who.platform,
        id: who.id,
        ...(who.name ? { name: who.name } : {}),
        addedBy: `${me.platform}:${me.id}`,
        addedAt: deps.clock.now().toISOString(),
      });
    } catch {
      return [{ to, text: '未保存：服务器写入失败，管理员没有添加，请稍后再试。' }];
    }
    return [
      {
        to,
        text: `已添加管理员：${label}。立即生效，重启后仍然有效；对方现在可以导出台账、绑定联络员、查看汇报情况，并会收到每周汇总。`,
      },
    ];
  }
  if (!deps.admins.has(who)) return [{ to, text: `${label}不是管理员。` }];
  if (who.platform === me.platform && who.id === me.id)
    return [{ to, text: '不能删除自己的管理员身份：请另一位管理员操作。' }];
  if (!deps.admins.added(who)) {
    return [
      {
        to,
        text: `${label}是在配置文件的 PLAN_BOT_ADMINS 中设置的管理员，不能在聊天中删除：请在配置文件中删掉后重启 plan-bot。`,
      },
    ];
  }
  try {
    await deps.admins.remove(who);
  } catch {
    return [{ to, text: '未保存：服务器写入失败，管理员没有删除，请稍后再试。' }];
  }
  return [{ to, text: `已删除管理员：${label}。` }];
}
