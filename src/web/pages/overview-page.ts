import type { Knowledge } from '../../knowledge/schema.js';
import type { OverviewView } from '../views/plan-views.js';
import { type Html, html } from './html.js';
import { layout, type PageContext, planUrl } from './layout.js';
import { legend, pct, renderLight } from './light.js';
import { type OverdueState, renderDeadline } from './overdue.js';

/** Units as links to their pages, separated by 、. */
function unitLinks(ctx: PageContext, units: string[]): Html {
  return html`${units.map((u, i) => html`${i ? '、' : ''}<a href="${planUrl(ctx, 'unit', u)}">${u}</a>`)}`;
}

/** Red first, then yellow: what needs attention comes first. */
const RANK = { red: 0, yellow: 1, green: 2 } as const;

/** The plan's overview: lights counted, this week's reporting rate, deadlines within 30 days, late units, tasks. */
export function overviewPage(ctx: PageContext, kb: Knowledge, v: OverviewView): string {
  const count = (l: 'red' | 'yellow' | 'green') => v.statuses.filter((s) => s.light === l).length;
  const r = v.reporting;
  const rate = r.expected ? Math.round((r.made / r.expected) * 100) : null;
  const body = html`
<h1>总览 · ${v.week}</h1>
<p class="meta">${kb.document.title}：${kb.tasks.length}项重点任务，${kb.units.length}个责任单位。灯色按本周（${v.week}）末计算。${
    v.lastDataWeek && v.lastDataWeek < v.week
      ? html` 最近一次有汇报的是 ${v.lastDataWeek}，<a href="${planUrl(ctx, 'ledger')}">在台账中查看</a>。`
      : ''
  }</p>
<ul class="counts">
<li class="l-red"><b>${count('red')}</b>项 红灯</li>
<li class="l-yellow"><b>${count('yellow')}</b>项 黄灯</li>
<li class="l-green"><b>${count('green')}</b>项 绿灯</li>
<li class="${rate === null ? 'l-none' : ''}"><b>${rate === null ? '—' : `${rate}%`}</b>本周汇报率（${r.made}/${r.expected}项次）</li>
</ul>
<div class="card">
<h2>本周汇报情况</h2>
${
  r.expected === 0
    ? html`<p class="muted">名单中还没有单位（roster.json 或聊天中的“绑定”），无法统计汇报率。</p>`
    : html`<p>尚未汇报：${r.none.length ? unitLinks(ctx, r.none) : '无'}</p>
<p>部分汇报：${r.partial.length ? unitLinks(ctx, r.partial) : '无'}</p>
<details><summary>已全部汇报：${r.full.length}个单位</summary><p>${r.full.length ? unitLinks(ctx, r.full) : '无'}</p></details>`
}
</div>
<div class="card">
<h2>30天内到期</h2>
${
  v.dueSoon.length
    ? html`<ul>${v.dueSoon.map((d) => html`<li><a href="${planUrl(ctx, 'task', d.task.no)}">任务${d.task.no} ${d.task.title}</a> · ${v.deadlines.get(d.task.no)?.deadline.label}（还有${d.left}天）</li>`)}</ul>`
    : html`<p class="muted">没有30天内到期的任务。</p>`
}
${
  v.overdue.length
    ? html`<p><span class="badge overdue">已逾期 ${v.overdue.length} 项</span> ${v.overdue.map((o, i) => html`${i ? '、' : ''}<a href="${planUrl(ctx, 'task', o.task.no)}">任务${o.task.no}</a>`)}</p>`
    : ''
}
</div>
${
  v.lateUnits.length
    ? html`<div class="card"><h2>未报排名（最近4周，含本周）</h2><div class="scroll"><table class="full"><thead><tr><th>单位</th><th>未报项次</th><th>有未报的周数</th></tr></thead><tbody>${v.lateUnits.map(
        (u) =>
          html`<tr><td><a href="${planUrl(ctx, 'unit', u.unit)}">${u.unit}</a></td><td>${u.missed}</td><td>${u.weeks}</td></tr>`,
      )}</tbody></table></div></div>`
    : ''
}
<h2>各任务状态（红、黄在前）</h2>
${legend()}
<ul class="tasklist">
${[...v.statuses]
  .sort((a, b) => RANK[a.light] - RANK[b.light] || a.task.no - b.task.no)
  .map(
    (
      s,
    ) => html`<li class="edge-${s.light}">${renderLight(s.light)} <a href="${planUrl(ctx, 'task', s.task.no)}">${s.task.no} ${s.task.title}</a>
<div class="muted">进度 ${pct(s.progress)}／序时 ${pct(s.expected)} · 完成时限 ${renderDeadline(v.deadlines.get(s.task.no) as OverdueState)}</div>
${s.reasons.length ? html`<div class="why">${s.reasons.join('；')}</div>` : ''}</li>`,
  )}
</ul>`;
  return layout(ctx, '总览', body, 'overview');
}
