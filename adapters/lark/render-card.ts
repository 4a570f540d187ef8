import type { AnswerCard } from '../../src/shared/types.js';
import { buttonRow, card2, md } from './card-parts.js';

/** Longest card body we send; Lark rejects cards over 30 KB. */
const MAX_CARD_CHARS = 9000;

/**
 * An answer as a Lark card (JSON 2.0): task number and title in the header, the lead unit marked, the quoted
 * clause, then suggestions; a status table for the task overview.
 */
export function renderCard(card: AnswerCard, text: string): Record<string, unknown> {
  const elements: Record<string, unknown>[] = [];
  const lines = card.lines.length ? card.lines : [text];
  if (card.lead) {
    const others = card.others?.length ? `\n**配合单位**：${card.others.map(md).join('、')}` : '';
    elements.push({ tag: 'markdown', content: `**牵头单位**：${md(card.lead)}（牵头）${others}` });
    const rest = lines.filter((l) => !/^(?:牵头|配合)/.test(l)).slice(1);
    if (rest.length) elements.push({ tag: 'markdown', content: rest.map(md).join('\n') });
  } else {
    elements.push({ tag: 'markdown', content: lines.map(md).join('\n') });
  }
  if (card.table?.length) {
    elements.push({
      tag: 'table',
      page_size: 10,
      columns: [
        { name: 'task', display_name: '任务', width: 'auto' },
        { name: 'light', display_name: '状态' },
        { name: 'progress', display_name: '进度' },
        { name: 'expected', display_name: '序时' },
        { name: 'reasons', display_name: '原因', width: 'auto' },
      ],
      rows: card.table,
    });
  }
  if (card.quote) elements.push({ tag: 'markdown', content: `> ${md(card.quote)}` });
  if (card.source)
    elements.push({ tag: 'markdown', content: `<font color='grey'>${md(card.source)}</font>` });
  if (card.suggestions.length) {
    // each suggestion is a button that asks it (card.action.trigger → the question, from the clicker)
    elements.push({ tag: 'markdown', content: '点击直接提问：' });
    elements.push(buttonRow(card.suggestions.map((s) => ({ label: s, say: s }))));
  }
  let body = JSON.stringify(elements);
  while (body.length > MAX_CARD_CHARS && elements.length > 1) {
    elements.splice(elements.length - 2, 1);
    body = JSON.stringify(elements);
  }
  return card2(card.title, card.lead ? 'blue' : 'turquoise', elements);
}
