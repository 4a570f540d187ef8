import type { Roster } from '../checkins/roster.js';
import type { Handler } from '../core/handler.js';
import type { Knowledge } from '../knowledge/schema.js';
import type { Store } from '../store/store.js';
import { bindChat } from './bind-chat.js';
import { myId } from './my-id.js';

/** 我的ID (anyone) and 绑定本群 (admins): how a chat and its people get connected to units. */
export function onboardingHandlers(deps: { kb: Knowledge; store: Store; roster: Roster }): Handler[] {
  return [
    {
      name: 'my id',
      help: {
        section: '进度汇报（已绑定的单位联络员）：',
        lines: ['• “我的ID”：查看您的ID（群里还显示本群ID），管理员绑定时需要'],
      },
      match: (ctx) => ctx.command?.name === 'myId',
      handle: (ctx) => myId(ctx.msg, deps.roster),
    },
    {
      name: 'bind chat',
      match: (ctx) => ctx.command?.name === 'bindChat',
      handle: (ctx) => bindChat(ctx.msg, { ...deps, isAdmin: ctx.sender.admin }),
    },
  ];
}
