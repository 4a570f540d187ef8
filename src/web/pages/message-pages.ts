import { type Html, html } from './html.js';
import { messagePage, type PageContext } from './layout.js';

/** How to get a link: the same words on every page that refuses someone. */
function howToGetLink(): Html {
  return html`<p>获取登录链接：</p>
<ol>
<li>管理员或指定的领导在飞书、企业微信或微信中给机器人发送<b>看板</b>，机器人私信回复一条一次性登录链接；</li>
<li>或由服务器管理员在服务器上运行 <code>plan-bot web-link --admin 平台:ID</code>（领导用 <code>--leader</code>）。</li>
</ol>
<p class="muted">链接10分钟内有效，只能使用一次；登录后8小时内有效。</p>`;
}

/** 401: no valid session. */
export function unauthorizedPage(ctx: PageContext): string {
  return messagePage(
    ctx,
    '需要登录',
    html`<p>这是方案进度看板，只对管理员和指定的领导开放，请先登录。</p>${howToGetLink()}`,
  );
}

/** The page a login link opens: one button that uses it (a link preview or scanner that only GETs uses nothing). */
export function loginConfirmPage(ctx: PageContext, token: string, role: 'admin' | 'leader'): string {
  return messagePage(
    ctx,
    '登录方案进度看板',
    html`<p>这是一次性登录链接（${role === 'admin' ? '管理员' : '领导，只读'}）。点下面的按钮进入看板，链接随即失效。</p>
<form method="post" action="${ctx.base}/login"><input type="hidden" name="t" value="${token}"><button class="primary" type="submit">进入看板</button></form>`,
  );
}

const REFUSAL = {
  invalid: '登录链接无效（可能不完整或被改动过）。',
  expired: '登录链接已过期（有效期10分钟）。',
  used: '登录链接已经使用过（每个链接只能使用一次）。',
} as const;

/** 401 for a login link that cannot be used, saying why. */
export function loginRefusedPage(ctx: PageContext, reason: keyof typeof REFUSAL): string {
  return messagePage(ctx, '无法登录', html`<p>${REFUSAL[reason]}请重新获取链接。</p>${howToGetLink()}`);
}

/** Any other refusal or failure: a title and one sentence. */
export function problemPage(ctx: PageContext, title: string, text: string, back = true): string {
  return messagePage(
    ctx,
    title,
    html`<p>${text}</p>${back ? html`<p><a href="${ctx.base}/">返回首页</a></p>` : ''}`,
  );
}
