import type { MessageContext } from '../core/context.js';
import type { Handler } from '../core/handler.js';
import { PLATFORM_NAME } from '../shared/platform-names.js';
import { type Outgoing, PLATFORMS, type Platform } from '../shared/types.js';
import type { Store } from '../store/store.js';
import type { AdminList } from './admin-list.js';

/** The command words (commands.json) of admin management. */
const ADMINS = new Set(['addAdmin', 'removeAdmin', 'adminList']);

const USAGE = [
  '用法：',
  '• 添加管理员 @张三（在群里或单聊中 @ 对方），或 添加管理员 平台:用户ID 姓名（如 添加管理员 wecom:ZhangWei 张伟）',
  '• 删除管理员 @张三，或 删除管理员 平台:用户ID',
  '• 管理员列表',
  '对方的ID可以让对方向我发送“我的ID”获得。',
].join('\n');

/** Who a command names: a typed `platform:id` (and a name), or the first @-mention (with its id). */
function target(ctx: MessageContext): { platform: Platform; id: string; name?: string } | undefined {
  const words = (ctx.command?.rest ?? '').split(/\s+/).filter(Boolean);
  const typed = words.find((w) => /^[a-z]+:.+/.test(w));
  if (typed) {
    const i = typed.indexOf(':');
    const platform = typed.slice(0, i) as Platform;
    if (!PLATFORMS.includes(platform)) return undefined;
    const name = words.find((w) => w !== typed && !w.startsWith('@'));
    return { platform, id: typed.slice(i + 1), ...(name ? { name } : {}) };
  }
  const person = ctx.msg.mentions?.[0];
  if (!person) return undefined;
  const name = person.name || words.find((w) => w.startsWith('@'))?.slice(1);
  return { platform: ctx.msg.platform, id: person.id, ...(name ? { name } : {}) };
}

/** The answer to 添加管理员 / 删除管理员 / 管理员列表, after the sender was found to be an admin. */
function manage(ctx: MessageContext, admins: AdminList, store: Store): Outgoing[] {
  const name = ctx.command?.name;
  const me = { platform: ctx.msg.platform, id: ctx.msg.sender.id };
  const show = (a: { platform: Platform; id: string }) =>
    `${PLATFORM_NAME[a.platform]} ${a.platform}:${a.id}`;
  if (name === 'adminList') {
    const lines = admins.all().map((a) => {
      const added = admins.added(a);
      return added
        ? `• ${added.name ? `${added.name} ` : ''}${show(a)}（聊天中由 ${added.addedBy} 添加）`
        : `• ${show(a)}（配置文件 PLAN_BOT_ADMINS）`;
    });
    return [ctx.reply(`管理员共${lines.length}人：\n${lines.join('\n')}\n${USAGE}`)];
  }
  const who = target(ctx);
  if (!who) return [ctx.reply(USAGE)];
  const label = who.name ? `${who.name}（${who.platform}:${who.id}）` : `${who.platform}:${who.id}`;
  if (name === 'addAdmin') {
    if (admins.has(who)) return [ctx.reply(`${label}已经是管理员。`)];
    store.addAdmin({
      platform: who.platform,
      id: who.id,
      ...(who.name ? { name: who.name } : {}),
      addedBy: `${me.platform}:${me.id}`,
      addedAt: ctx.now.toISOString(),
    });
    ctx.save('未保存：服务器写入失败，管理员没有添加，请稍后再试。');
    return [
      ctx.reply(
        `已添加管理员：${label}。立即生效，重启后仍然有效；对方现在可以导出台账、绑定联络员、查看汇报情况，并会收到每周汇总。`,
      ),
    ];
  }
  if (!admins.has(who)) return [ctx.reply(`${label}不是管理员。`)];
  if (who.platform === me.platform && who.id === me.id)
    return [ctx.reply('不能删除自己的管理员身份：请另一位管理员操作。')];
  if (!admins.added(who)) {
    return [
      ctx.reply(
        `${label}是在配置文件的 PLAN_BOT_ADMINS 中设置的管理员，不能在聊天中删除：请在配置文件中删掉后重启 plan-bot。`,
      ),
    ];
  }
  store.removeAdmin(who.platform, who.id);
  ctx.save('未保存：服务器写入失败，管理员没有删除，请稍后再试。');
  return [ctx.reply(`已删除管理员：${label}。`)];
}

/**
 * Admins managed in chat by an existing admin: 添加管理员 @张三 (or 平台:ID 姓名), stored and in effect at once, kept
 * across restarts; 删除管理员 (only those added in chat: PLAN_BOT_ADMINS are changed in the configuration);
 * 管理员列表.
 */
export function adminsHandler(deps: { admins: AdminList; store: Store }): Handler {
  return {
    name: 'admins',
    help: {
      section: '',
      adminLines: ['管理员：添加管理员 @某人（或 平台:用户ID 姓名） · 删除管理员 @某人 · 管理员列表'],
    },
    match: (ctx) => ADMINS.has(ctx.command?.name ?? ''),
    handle: (ctx) =>
      ctx.sender.admin
        ? manage(ctx, deps.admins, deps.store)
        : [ctx.reply(`只有管理员可以使用“${ctx.command?.word ?? ''}”。如需成为管理员，请联系现有管理员。`)],
  };
}
