import type { Knowledge } from '../../knowledge/schema.js';
import { html } from './html.js';
import { layout, type PageContext } from './layout.js';

/** The index of plans the bot holds (one today; several once issue 24 lands). */
export function plansPage(ctx: PageContext, plans: { id: string; kb: Knowledge }[]): string {
  const body = html`
<h1>方案列表</h1>
${plans.map(
  (
    p,
  ) => html`<div class="card"><h2><a href="${ctx.base}/p/${encodeURIComponent(p.id)}/">${p.kb.document.title}</a></h2>
<p class="meta">${p.kb.document.docNumber} · ${p.kb.document.issuer} · ${p.kb.document.issuedOnText}印发 · ${p.kb.tasks.length}项重点任务</p>
<p><a href="${ctx.base}/p/${encodeURIComponent(p.id)}/">总览</a> · <a href="${ctx.base}/p/${encodeURIComponent(p.id)}/ledger">台账</a></p></div>`,
)}`;
  return layout(ctx, '方案列表', body);
}
