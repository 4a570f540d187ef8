import { localDate } from '../../checkins/weeks.js';
import type { Session } from '../auth/session.js';
import { ROLE_LABEL } from '../auth/web-access.js';
import { type Html, html } from './html.js';
import { CSS_FILE } from './web-css.js';

/** Tabs of a plan's pages. */
export type Tab = 'overview' | 'ledger' | 'units' | 'task' | 'unit';

/** What every page shares: the base path, the viewer, the plan, and the time the page was made. */
export interface PageContext {
  /** '' or '/plan-bot'. */
  base: string;
  session?: Session;
  plan?: { id: string; title: string; docNumber: string };
  now: Date;
}

/** Local time HH:MM in Asia/Shanghai. */
export function localTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
}

/** The URL of a plan's page under the base path (parts are encoded here, never by the caller). */
export function planUrl(ctx: PageContext, ...parts: (string | number)[]): string {
  const id = ctx.plan?.id ?? '';
  return `${ctx.base}/p/${encodeURIComponent(id)}/${parts.map((p) => encodeURIComponent(String(p))).join('/')}`;
}

/** The whole HTML document: header with the plan and the viewer, the plan's tabs, the body, a footer. */
export function layout(ctx: PageContext, title: string, body: Html, tab?: Tab): string {
  const tabs: [Tab, string, string][] = ctx.plan
    ? [
        ['overview', '总览', planUrl(ctx)],
        ['ledger', '台账', planUrl(ctx, 'ledger')],
        ['units', '单位', planUrl(ctx, 'units')],
      ]
    : [];
  const page = html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${title} · 方案进度看板</title>
<link rel="stylesheet" href="${ctx.base}/assets/${CSS_FILE}">
</head>
<body>
<header class="top">
${
  ctx.session
    ? html`<div class="who"><span>${ROLE_LABEL[ctx.session.role]}</span><form method="post" action="${ctx.base}/logout"><button type="submit">退出</button></form></div>`
    : ''
}
<a class="site" href="${ctx.base}/">方案进度看板</a>
${ctx.plan ? html`<span class="plan">${ctx.plan.title}（${ctx.plan.docNumber}）</span>` : ''}
</header>
${
  tabs.length
    ? html`<nav class="tabs">${tabs.map(([t, label, href]) => html`<a href="${href}"${t === tab ? html` class="on" aria-current="page"` : ''}>${label}</a>`)}<a href="${ctx.base}/">全部方案</a></nav>`
    : ''
}
<main>
${body}
</main>
<footer>生成于 ${localDate(ctx.now)} ${localTime(ctx.now)}（北京时间）· 只读页面，数据来自机器人收到的汇报</footer>
</body>
</html>
`;
  return page.s;
}

/** A page for someone who is not signed in (or cannot see this): a box with a heading and an explanation. */
export function messagePage(ctx: PageContext, title: string, body: Html): string {
  return layout(ctx, title, html`<div class="box"><h1>${title}</h1>${body}</div>`);
}
