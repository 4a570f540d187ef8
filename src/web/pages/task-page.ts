import { addWeeks } from '../../checkins/weeks.js';
import type { TaskStatus } from '../../export/task-status.js';
import type { Task } from '../../knowledge/schema.js';
import type { TaskUnitView } from '../views/plan-views.js';
import { html } from './html.js';
import { layout, type PageContext, planUrl } from './layout.js';
import { pct, renderLight, renderStatus } from './light.js';
import { type OverdueState, renderDeadline, renderOverdue } from './overdue.js';
import { renderWeeks } from './report-item.js';

const SOURCE = {
  chat: '管理员在聊天中设定',
  overlay: '方案补充设定',
  task: '任务原文',
  goals: '方案发展目标',
  none: '方案未规定',
} as const;

/** What the task page shows. */
export interface TaskPageInput {
  task: Task;
  status: TaskStatus;
  overdue: OverdueState;
  units: TaskUnitView[];
  range: { from: string; to: string };
  weeksWithData?: { first: string; last: string };
  span: number;
}

/** A task: its text, deadline and targets, its light now, then every unit's reports in the chosen weeks. */
export function taskPage(ctx: PageContext, p: TaskPageInput): string {
  const t = p.task;
  const d = p.overdue.deadline;
  const earlier =
    p.weeksWithData && p.range.from > p.weeksWithData.first ? addWeeks(p.range.from, -1) : undefined;
  const later =
    p.weeksWithData && p.range.to < p.weeksWithData.last ? addWeeks(p.range.to, p.span) : undefined;
  const pager = html`<div class="pager no-print">${earlier ? html`<a href="?to=${earlier}">← 更早${p.span}周</a>` : html`<span></span>`}${
    later
      ? html`<a href="?to=${later < (p.weeksWithData?.last ?? later) ? later : p.weeksWithData?.last}">更晚${p.span}周 →</a>`
      : ''
  }</div>`;
  const quiet = p.units.filter((u) => !u.weeks.length);
  const body = html`
<h1>任务${t.no} ${t.title}</h1>
<div class="card">
<p>现在：${renderLight(p.status.light, p.status.reasons)} 进度 ${pct(p.status.progress)}，序时进度 ${pct(p.status.expected)}${p.status.reasons.length ? html`：${p.status.reasons.join('；')}` : ''}</p>
<p>完成时限：${renderDeadline(p.overdue)} <span class="muted">（${d.date ? `${d.date}，` : ''}依据：${SOURCE[d.source]}${d.quote ? `：“${d.quote}”` : ''}）</span></p>
<p>责任单位：${t.units.map((u, i) => html`${i ? '、' : ''}<a href="${planUrl(ctx, 'unit', u)}">${u}</a>${i === 0 ? '（牵头）' : ''}`)}</p>
${
  t.targets.length
    ? html`<p>目标：${t.targets.map((g, i) => html`${i ? '；' : ''}${g.what} ${String(g.value)}${g.unit}${g.deadline ? html`（${g.deadline}）` : ''}`)}</p>`
    : ''
}
<details><summary>任务原文</summary><p>${t.text}</p><p class="muted">${t.unitsClause}</p></details>
</div>
<h2>各单位汇报 · ${p.range.from} 至 ${p.range.to}</h2>
${pager}
${p.units
  .filter((u) => u.weeks.length)
  .map(
    (u) => html`<section class="card">
<h3><a href="${planUrl(ctx, 'unit', u.unit)}">${u.unit}</a>（${u.role}）${u.rostered ? '' : html` <span class="muted">未绑定联络员</span>`}</h3>
<p class="muted">最新：${u.latest ? html`${u.latest.week} ${renderStatus(u.latest)} 进度 ${pct(u.latest.progress)}` : '从未汇报'} · 完成时限 ${renderDeadline(u.overdue)}</p>
${renderWeeks(ctx, u.weeks)}
</section>`,
  )}
${
  quiet.length
    ? html`<section class="card"><h3>这段时间没有汇报的单位</h3><ul>${quiet.map(
        (u) =>
          html`<li><a href="${planUrl(ctx, 'unit', u.unit)}">${u.unit}</a>（${u.role}${u.rostered ? '' : '，未绑定联络员'}）最新：${u.latest ? html`${u.latest.week} ${renderStatus(u.latest)} ${pct(u.latest.progress)}` : '从未汇报'}${u.overdue.overdue ? html` ${renderOverdue(u.overdue)}` : ''}</li>`,
      )}</ul></section>`
    : ''
}
${pager}`;
  return layout(ctx, `任务${t.no}`, body, 'task');
}
