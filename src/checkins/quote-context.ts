import type { IncomingMessage } from '../shared/types.js';

// WeChat renders a quoting reply as 「name：quoted text」, a line of dashes, then the reply (some clients put the
// quote last). The quoted text may itself contain 「」 (task titles), so the block ends at 」 before the dashes.
const DASHES = String.raw`(?:[-—－─]\s*){3,}`;
const QUOTE_FIRST = new RegExp(String.raw`^\s*「([\s\S]*?)」[ \t]*\r?\n\s*${DASHES}(?:\r?\n|$)`);
const QUOTE_LAST = new RegExp(String.raw`\r?\n\s*${DASHES}\r?\n\s*「([\s\S]*)」\s*$`);
// The bot's own weekly prompt and reminder, as written by weekly-messages.ts.
const PROMPT = /【每周进度汇报】\s*(\d{4}-W\d{2})[\s\S]*?\n\s*(\S+?)负责的任务/;
const REMINDER = /【提醒】\s*(\S+?)本周（(\d{4}-W\d{2})）/;

/**
 * Moves a WeChat quote block that arrived inside `text` (replay, console, an adapter that did not split it) into
 * `quote`, so that the reader only ever sees the sender's own words. A message with `quote` already set is kept.
 */
export function separateQuote(msg: IncomingMessage): IncomingMessage {
  if (msg.quote) return msg;
  const first = QUOTE_FIRST.exec(msg.text);
  const m = first ?? QUOTE_LAST.exec(msg.text);
  if (!m) return msg;
  const inner = m[1] ?? '';
  // 「张三：…」: the name before the first colon is the quoted sender
  const colon = /^([^：:\n]{1,40})[：:]/.exec(inner);
  const quoted = colon ? inner.slice(colon[0].length) : inner;
  const text = first ? msg.text.slice(m[0].length) : msg.text.slice(0, m.index);
  return {
    ...msg,
    text: text.trim(),
    quote: { text: quoted.trim(), ...(isPrompt(quoted) ? { fromBot: true } : {}) },
  };
}

/** The week and unit of one of the bot's own weekly prompts or reminders, when a reply quotes one. */
export function promptContext(quote: IncomingMessage['quote']): { week: string; unit: string } | undefined {
  if (!quote) return undefined;
  const p = PROMPT.exec(quote.text);
  if (p?.[1] && p[2]) return { week: p[1], unit: p[2] };
  const r = REMINDER.exec(quote.text);
  if (r?.[1] && r[2]) return { week: r[2], unit: r[1] };
  return undefined;
}

function isPrompt(text: string): boolean {
  return promptContext({ text }) !== undefined;
}
