import type { Handler } from '../core/handler.js';
import type { TokenKeys } from './auth/sealed-token.js';
import { dashboardReply } from './dashboard-link.js';
import type { WebConfig } from './web-config.js';

/**
 * `看板` as a core handler: the one-time login link goes to the sender directly (asked in a group, the group is only
 * told it was sent privately). Register it in main.ts with the web settings and keys (`webKeys`), or with
 * `web: undefined` when PLAN_BOT_WEB_PORT is unset (the reply then says how to switch the web view on).
 */
export function dashboardHandler(deps: { web: { config: WebConfig; keys: TokenKeys } | undefined }): Handler {
  return {
    name: 'dashboard',
    help: { section: '', adminLines: ['看板：网页看板（台账、各单位、各任务）的一次性登录链接，私信发送'] },
    match: (ctx) => ctx.command?.name === 'dashboard',
    handle(ctx) {
      const r = dashboardReply({
        who: `${ctx.msg.platform}:${ctx.msg.sender.id}`,
        isAdmin: ctx.sender.admin,
        chatType: ctx.msg.chatType,
        web: deps.web,
        clock: { now: () => ctx.now },
      });
      if (!r.inChat) return [ctx.reply(r.toSender)];
      const direct = { platform: ctx.msg.platform, chatId: ctx.msg.sender.id, userId: ctx.msg.sender.id };
      return [ctx.reply(r.inChat), { to: direct, text: r.toSender }];
    },
  };
}
