import { addWeeks, localDate, weekStart } from '../../checkins/weeks.js';
import { LIGHT_LABEL } from '../../export/task-status.js';
import type { Knowledge } from '../../knowledge/schema.js';
import type { LedgerFilter, LedgerRow } from '../views/ledger-grid.js';
import { type Html, html } from './html.js';
import { layout, type PageContext, planUrl } from './layout.js';
import { LIGHT_CLASS, legend, pct } from './light.js';
import { type OverdueState, renderDeadline } from './overdue.js';

/** How many weeks from one week to another, both included. */
function weeksCount(from: string, to: string): number {
  return Math.round((weekStart(to).getTime() - weekStart(from).getTime()) / (7 * 86400_000)) + 1;
}

/** The query string of a filter (the export buttons and the range links take the same). */
export function filterQuery(f: Partial<LedgerFilter>): string {
  const q = new URLSearchParams();
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  if (f.unit) q.set('unit', f.unit);
  if (f.task !== undefined) q.set('task', String(f.task));
  const s = q.toString();
  return s ? `?${s}` : '';
}

function options(values: [string, string][], selected: string | undefined): Html {
  return html`${values.map(([v, label]) => html`<option value="${v}"${v === selected ? ' selected' : ''}>${label}</option>`)}`;
}

/** "W23" over "6/7" (the week's Monday). */
function weekHead(week: string): Html {
  const monday = localDate(weekStart(week)).slice(5).replace('-', '/').replace(/^0/, '').replace('/0', '/');
  return html`<th class="week" scope="col" title="${week}（${localDate(weekStart(week))}起）">${week.slice(5)}<br>${monday}</th>`;
}

/** What the ledger page shows. */
export interface LedgerPageInput {
  filter: LedgerFilter;
  weeks: string[];
  rows: LedgerRow[];
  /** Weeks offered in the range selectors (every week with data, and the chosen ones). */
  choices: string[];
  overdue: Map<number, OverdueState>;
  canExport: boolean;
  /** The first week with any data (quick ranges start no earlier). */
  dataFirst?: string;
}

/**
 * The ledger grid: task × week, each cell the light's word and the mean latest progress, coloured; the week range,
 * unit and task chosen in a form; export buttons for the same filter (admins).
 */
export function ledgerPage(ctx: PageContext, kb: Knowledge, p: LedgerPageInput): string {
  const f = p.filter;
  const last = p.weeks[p.weeks.length - 1] as string;
  // the last 12, 26 and 52 weeks, not before the first week with data; the same range once
  const quick: { n: number; from: string }[] = [];
  for (const n of [12, 26, 52]) {
    let from = addWeeks(last, -(n - 1));
    if (p.dataFirst && from < p.dataFirst) from = p.dataFirst;
    if (!quick.some((q) => q.from === from)) quick.push({ n, from });
  }
  const body = html`
<h1>台账 · ${p.weeks[0]} 至 ${last}</h1>
<form class="filters" method="get" action="${planUrl(ctx, 'ledger')}">
<label>起始周<select name="from">${options(
    p.choices.map((w) => [w, w]),
    f.from,
  )}</select></label>
<label>结束周<select name="to">${options(
    p.choices.map((w) => [w, w]),
    f.to,
  )}</select></label>
<label>单位<select name="unit"><option value="">全部单位</option>${options(
    kb.units.map((u) => [u.name, u.name]),
    f.unit,
  )}</select></label>
<label>任务<select name="task"><option value="">全部任务</option>${options(
    kb.tasks.map((t) => [String(t.no), `${t.no} ${t.title}`]),
    f.task === undefined ? undefined : String(f.task),
  )}</select></label>
<button class="primary" type="submit">查看</button>
</form>
<p class="quick no-print">截至${last}：${quick.map(
    (q, i) =>
      html`${i ? ' · ' : ''}<a href="${planUrl(ctx, 'ledger')}${filterQuery({ ...f, from: q.from, to: last })}">${q.from === p.dataFirst ? `全部（${p.weeks.length > 0 ? weeksCount(q.from, last) : 0}周）` : `最近${q.n}周`}</a>`,
  )}</p>
${
  p.canExport
    ? html`<div class="exports"><span class="muted">按当前条件导出：</span>${(
        ['csv', 'xlsx', 'json'] as const
      ).map(
        (fmt) =>
          html`<a class="button" href="${planUrl(ctx, `export.${fmt}`)}${filterQuery(f)}" download>导出 ${fmt.toUpperCase()}</a>`,
      )}</div>`
    : html`<p class="muted no-print">导出仅限管理员。</p>`
}
${f.unit ? html`<p class="notice">只看 ${f.unit}：任务为该单位负责的任务，灯色和进度只按该单位的汇报计算。</p>` : ''}
${legend()}
<div class="scroll fit"><table class="grid">
<thead><tr><th class="task" scope="col">任务 · 完成时限</th>${p.weeks.map(weekHead)}<th scope="col">最新进度</th><th scope="col">序时进度</th><th scope="col">说明（${last.slice(5)}）</th></tr></thead>
<tbody>
${p.rows.map((r) => {
  const end = r.cells[r.cells.length - 1];
  return html`<tr><th class="task" scope="row"><a href="${planUrl(ctx, 'task', r.task.no)}">${r.task.no} ${r.task.title}</a><span class="dl">${p.overdue.get(r.task.no) ? renderDeadline(p.overdue.get(r.task.no) as OverdueState) : ''}</span></th>${r.cells.map(
    (s, i) =>
      html`<td class="cell ${LIGHT_CLASS[s.light]}"><a href="${planUrl(ctx, 'task', r.task.no)}?to=${p.weeks[i]}"><span class="word">${LIGHT_LABEL[s.light]}</span><br>${pct(s.progress)}</a></td>`,
  )}<td>${pct(end?.progress)}</td><td>${pct(end?.expected)}</td><td class="reasons">${end?.reasons.join('；')}</td></tr>`;
})}
</tbody></table></div>
${p.rows.length === 0 ? html`<p class="muted">没有符合条件的任务。</p>` : ''}`;
  return layout(ctx, '台账', body, 'ledger');
}
