import { localDate } from '../../checkins/weeks.js';
import type { Checkin } from '../../store/db-schema.js';
import { reviewState } from '../../supervision/review-state.js';
import { type Html, html } from './html.js';
import { localTime } from './layout.js';

/**
 * The one place that renders a report's 审核状态 (src/supervision: 待审核 / 已确认 / 已退回), with who reviewed it
 * and when, and a return's reason. Only names are shown, never platform ids.
 */
export function renderReviewState(c: Checkin): Html {
  const state = reviewState(c);
  const cls = state === '已退回' ? 'review returned' : state === '已确认' ? 'review confirmed' : 'review';
  if (!c.review) return html`<span class="${cls}">${state}</span>`;
  const at = new Date(c.review.at);
  return html`<span class="${cls}">${state}（${c.review.by.name ?? '管理员'}，${localDate(at)} ${localTime(at)}）${c.review.reason ? html`：${c.review.reason}` : ''}</span>`;
}
