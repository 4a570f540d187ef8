import { STATUS_LABEL } from '../../checkins/status-labels.js';
import { LIGHT_LABEL, type Light } from '../../export/task-status.js';
import type { Checkin } from '../../store/db-schema.js';
import { type Html, html } from './html.js';

/** CSS class of a light (the word is always shown too: colour is never the only signal). */
export const LIGHT_CLASS: Record<Light, string> = { green: 'l-green', yellow: 'l-yellow', red: 'l-red' };

/** A light as a coloured word: 红, 黄 or 绿, with the reasons as its tooltip. */
export function renderLight(light: Light, reasons: string[] = []): Html {
  return html`<span class="light ${LIGHT_CLASS[light]}"${reasons.length ? html` title="${reasons.join('；')}"` : ''}>${LIGHT_LABEL[light]}</span>`;
}

/** A percentage or a dash. */
export function pct(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : `${n}%`;
}

/** A reported status as words, with the colour of the light it leads to. */
export function renderStatus(c: Checkin): Html {
  const cls =
    c.status === 'blocked'
      ? 'l-red'
      : c.status === 'delayed'
        ? 'l-yellow'
        : c.status === 'done'
          ? 'l-green'
          : '';
  return html`<span class="light ${cls}">${STATUS_LABEL[c.status]}</span>`;
}

/** What the three lights mean (the rules of task-status.ts, in the words of the chat's 任务进度总览). */
export function legend(): Html {
  return html`<p class="legend">${renderLight('red')} 受阻、落后序时进度20个百分点以上、逾期未完成或无人汇报 · ${renderLight('yellow')} 滞后、落后5个百分点以上或本周有单位未报 · ${renderLight('green')} 正常。格中为灯色和各单位最新进度的平均值；序时进度按方案印发日到完成时限的时间比例计算。</p>`;
}
