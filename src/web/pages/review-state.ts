import type { Checkin } from '../../store/db-schema.js';
import { type Html, html } from './html.js';

/**
 * The one place that renders a report's 审核状态. Reports are not reviewed yet: every report counts as soon as it is
 * recorded (issue 25 brings 待审核 / 已确认 / 已退回 with the reviewer and reason; it changes only this function).
 */
export function renderReviewState(_c: Checkin): Html {
  return html`<span class="review" title="本版本不审核汇报：汇报记录后即计入">无需审核</span>`;
}
