import { localDate } from '../../checkins/weeks.js';
import type { Checkin } from '../../store/db-schema.js';
import type { WeekReports } from '../views/plan-views.js';
import { type Html, html } from './html.js';
import { localTime, type PageContext, planUrl } from './layout.js';
import { pct, renderStatus } from './light.js';
import { renderReviewState } from './review-state.js';

const IMAGE = /\.(?:jpe?g|png|gif|webp)$/i;

/** The evidence of a report: photos shown (each a link to the full picture), other files as download links. */
export function renderEvidence(ctx: PageContext, c: Checkin): Html {
  const list = c.evidence ?? [];
  if (!list.length) return html``;
  return html`<div class="evidence">${list.map((e, i) => {
    const href = planUrl(ctx, 'evidence', c.id, i);
    return e.kind === 'image' && IMAGE.test(e.file)
      ? html`<a href="${href}"><img src="${href}" alt="佐证照片：${e.name}" loading="lazy"></a>`
      : html`<a class="file" href="${href}" download>附件：${e.name}（${Math.max(1, Math.round(e.bytes / 1024))} KB）</a>`;
  })}</div>`;
}

const STATE_LABEL = { current: '当前有效', superseded: '已被更正', withdrawn: '已撤回' } as const;

/** One version of a report: status, progress, note, who and when, late, review state, edit or withdrawal. */
function renderVersion(ctx: PageContext, v: WeekReports['records'][number]): Html {
  const c = v.record;
  const at = new Date(c.at);
  const who = c.by.member ?? c.by.name ?? '（未登记姓名）';
  const state =
    v.state === 'withdrawn' && c.withdrawnAt
      ? `已撤回（${localDate(new Date(c.withdrawnAt))} ${localTime(new Date(c.withdrawnAt))}）`
      : STATE_LABEL[v.state];
  return html`<li class="${v.state === 'current' ? '' : v.state === 'withdrawn' ? 'withdrawn' : 'old'}">
<div class="rhead"><b>${c.week}</b>${renderStatus(c)}<span>进度 ${pct(c.progress)}</span><span class="badge">${state}</span>${c.late ? html`<span class="badge overdue">逾期汇报</span>` : ''}${renderReviewState(c)}</div>
<p class="note">${c.note || '（无文字说明）'}</p>
<div class="muted">${who} · ${localDate(at)} ${localTime(at)}</div>
${renderEvidence(ctx, c)}
</li>`;
}

/** A unit's reports week by week, newest first, and within a week every version newest first (the history). */
export function renderWeeks(ctx: PageContext, weeks: WeekReports[]): Html {
  if (!weeks.length) return html`<p class="muted">这段时间没有汇报。</p>`;
  return html`<ul class="reports">${weeks.map((w) => html`${[...w.records].reverse().map((v) => renderVersion(ctx, v))}`)}</ul>`;
}
