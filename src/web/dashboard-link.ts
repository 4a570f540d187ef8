import { localDate } from '../checkins/weeks.js';
import type { Clock } from '../shared/types.js';
import { LINK_TTL_MS, mintLoginLink } from './auth/login-link.js';
import type { TokenKeys } from './auth/sealed-token.js';
import { roleOf } from './auth/web-access.js';
import { publicBase, type WebConfig } from './web-config.js';

/** What `看板` needs: who asks, whether they are an admin, the web settings (undefined: web view off). */
export interface DashboardRequest {
  /** `platform:id` of the sender. */
  who: string;
  isAdmin: boolean;
  chatType: 'direct' | 'group';
  web: { config: WebConfig; keys: TokenKeys } | undefined;
  clock: Clock;
}

/**
 * The reply to `看板`: `toSender` goes to the sender in a direct chat (it holds the link, which must never be posted
 * in a group, where anyone could use it first); `inChat`, for a group, only says the link was sent privately.
 * Admins get a full link, leaders named in PLAN_BOT_LEADERS a view-only one, everyone else a refusal.
 */
export function dashboardReply(req: DashboardRequest): { toSender: string; inChat?: string } {
  if (!req.web)
    return {
      toSender: '网页看板没有开启。请服务器管理员设置 PLAN_BOT_WEB_PORT 后重启机器人（见 docs/web.md）。',
    };
  const people = { admins: [], leaders: req.web.config.leaders };
  const role = req.isAdmin ? 'admin' : roleOf(req.who, people);
  if (!role)
    return {
      toSender:
        '网页看板只对管理员和配置中指定的领导开放。如需查看，请联系管理员把您的ID（发送“我的ID”查看）加入名单。',
    };
  const now = req.clock.now();
  const link = mintLoginLink(req.web.keys, { sub: req.who, role }, now, publicBase(req.web.config));
  const until = new Date(link.expiresAt.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
  const what = role === 'admin' ? '管理员看板' : '看板（只读，不能导出）';
  const text = [
    `${what}登录链接（${Math.round(LINK_TTL_MS / 60_000)}分钟内有效，${localDate(link.expiresAt)} ${until}前；只能使用一次，请勿转发）：`,
    link.url,
    '打开后点“进入看板”，登录8小时内有效。',
  ].join('\n');
  return req.chatType === 'group'
    ? { toSender: text, inChat: '看板登录链接已私信发送给您，请在与我的单聊中查收。' }
    : { toSender: text };
}
