import { STATUS_LABEL } from '../../checkins/status-labels.js';
import type { UnitView } from '../views/plan-views.js';
import { html } from './html.js';
import { layout, type PageContext, planUrl } from './layout.js';
import { pct } from './light.js';
import { renderDeadline } from './overdue.js';
import { renderEvidence } from './report-item.js';

/** Missed weeks listed on the page (the rest are counted). */
const MISSED_SHOWN = 12;

/** A unit: its tasks with its latest report on each, overdue items, and the weeks it did not report. */
export function unitPage(ctx: PageContext, v: UnitView): string {
  const overdue = v.tasks.filter((t) => t.overdue.overdue);
  const missedItems = v.missing.reduce((n, m) => n + m.tasks.length, 0);
  const body = html`
<h1>${v.unit}</h1>
<p class="meta">负责${v.tasks.length}项任务，其中牵头${v.tasks.filter((t) => t.role === '牵头').length}项。${v.rostered ? '' : '该单位未绑定联络员，不统计未报。'}</p>
<div class="card">
<h2>逾期事项</h2>
${
  overdue.length
    ? html`<ul>${overdue.map(
        (t) =>
          html`<li><a href="${planUrl(ctx, 'task', t.task.no)}">任务${t.task.no} ${t.task.title}</a>：${renderDeadline(t.task, t.overdue)}，最新汇报：${t.latest ? `${t.latest.week} ${STATUS_LABEL[t.latest.status]} ${pct(t.latest.progress)}` : '无'}</li>`,
      )}</ul>`
    : html`<p class="muted">没有逾期事项。</p>`
}
</div>
<h2>负责的任务</h2>
<div class="scroll"><table class="full"><thead><tr><th>任务</th><th>角色</th><th>完成时限</th><th>最新汇报</th><th>进度</th><th>状态</th><th>情况说明</th></tr></thead><tbody>
${v.tasks.map(
  (t) => html`<tr><td><a href="${planUrl(ctx, 'task', t.task.no)}">${t.task.no} ${t.task.title}</a></td><td>${t.role}</td><td>${renderDeadline(t.task, t.overdue)}</td><td>${t.latest?.week ?? '从未汇报'}</td><td>${pct(t.latest?.progress)}</td><td>${t.latest ? STATUS_LABEL[t.latest.status] : '—'}</td><td>${t.latest?.note ?? ''}${t.latest ? renderEvidence(ctx, t.latest) : ''}</td></tr>`,
)}
</tbody></table></div>
<div class="card">
<h2>未报周次</h2>
${
  !v.rostered
    ? html`<p class="muted">未绑定联络员，不统计。</p>`
    : v.missing.length === 0
      ? html`<p>没有未报的周次。</p>`
      : html`<p>共${v.missing.length}周有未报任务（${missedItems}项次）${v.missing.length > MISSED_SHOWN ? `，以下是最近${MISSED_SHOWN}周` : ''}：</p>
<ul>${v.missing.slice(0, MISSED_SHOWN).map((m) => html`<li>${m.week}：${m.tasks.map((n) => `任务${n}`).join('、')}</li>`)}</ul>`
}
</div>`;
  return layout(ctx, v.unit, body, 'unit');
}
