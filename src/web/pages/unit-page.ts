import type { Status } from '../../store/db-schema.js';
import type { UnitView } from '../views/plan-views.js';
import { html } from './html.js';
import { layout, type PageContext, planUrl } from './layout.js';
import { pct, renderStatus } from './light.js';
import { renderDeadline, renderOverdue } from './overdue.js';
import { renderEvidence } from './report-item.js';

/** The coloured edge of a task by the unit's latest reported status. */
const EDGE: Record<Status, string> = {
  normal: 'edge-green',
  done: 'edge-green',
  none: 'edge-yellow',
  delayed: 'edge-yellow',
  blocked: 'edge-red',
};

/** A unit: its tasks with its latest report on each, overdue items, and the weeks it did not report. */
export function unitPage(ctx: PageContext, v: UnitView): string {
  const overdue = v.tasks.filter((t) => t.overdue.overdue);
  const weeks = v.missing.reduce((n, m) => n + m.weeks, 0);
  const missedItems = v.missing.reduce((n, m) => n + m.weeks * m.tasks.length, 0);
  const body = html`
<h1>${v.unit}</h1>
<p class="meta">负责${v.tasks.length}项任务，其中牵头${v.tasks.filter((t) => t.role === '牵头').length}项。${v.rostered ? '' : '该单位未绑定联络员，不统计未报。'}</p>
<div class="card">
<h2>逾期事项</h2>
${
  overdue.length
    ? html`<p>${overdue.length}项任务已过完成时限，本单位未报告完成：${overdue.map(
        (t, i) =>
          html`${i ? '、' : ''}<a href="${planUrl(ctx, 'task', t.task.no)}">任务${t.task.no}</a> ${renderOverdue(t.overdue)}`,
      )}</p>`
    : html`<p class="muted">没有逾期事项。</p>`
}
</div>
<h2>负责的任务</h2>
<ul class="tasklist">
${v.tasks.map(
  (
    t,
  ) => html`<li class="${t.latest ? EDGE[t.latest.status] : 'edge-red'}"><a href="${planUrl(ctx, 'task', t.task.no)}">任务${t.task.no} ${t.task.title}</a>（${t.role}）
<div class="muted">最新：${t.latest ? html`${t.latest.week} ${renderStatus(t.latest)} 进度 ${pct(t.latest.progress)}` : '从未汇报'} · 完成时限 ${renderDeadline(t.overdue)}</div>
${t.latest?.note ? html`<div class="why">${t.latest.note}</div>` : ''}${t.latest ? renderEvidence(ctx, t.latest) : ''}</li>`,
)}
</ul>
<div class="card">
<h2>未报周次</h2>
${
  !v.rostered
    ? html`<p class="muted">未绑定联络员，不统计。</p>`
    : v.missing.length === 0
      ? html`<p>没有未报的周次。</p>`
      : html`<p>共${weeks}周有未报任务（${missedItems}项次），从近到远：</p>
<ul>${v.missing.map(
          (m) =>
            html`<li>${m.weeks === 1 ? m.from : `${m.from} 至 ${m.to}（${m.weeks}周）`}：${m.tasks.length === v.tasks.length ? html`全部${m.tasks.length}项任务` : m.tasks.map((n) => `任务${n}`).join('、')}</li>`,
        )}</ul>`
}
</div>`;
  return layout(ctx, v.unit, body, 'unit');
}
