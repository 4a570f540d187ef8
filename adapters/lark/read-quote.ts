import type { IncomingMessage } from '../../src/shared/types.js';
import { type LarkMention, readContent, replaceMentionKeys } from './translate-event.js';

/** One item of im.message.get's answer (the parts read here). */
export interface LarkMessageItem {
  message_id?: string;
  msg_type?: string;
  body?: { content?: string };
  sender?: { id?: string; id_type?: string; sender_type?: string };
  mentions?: { key?: string; id?: string; name?: string }[];
}

/** Longest quote passed on: the reader needs the context, not a whole document. */
const MAX_QUOTE = 2000;

/** The human-readable strings of a card (title, markdown, plain text), in order. */
function cardText(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) cardText(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (
      typeof o.content === 'string' &&
      (o.tag === 'markdown' || o.tag === 'plain_text' || o.tag === 'lark_md')
    )
      out.push(o.content);
    else if (typeof o.text === 'string' && o.tag === 'text') out.push(o.text);
    for (const [k, v] of Object.entries(o)) if (k !== 'content' || typeof v !== 'string') cardText(v, out);
  }
  return out;
}

/**
 * The quote for a reply, from the parent message as im.message.get returns it: its text (text, post or card),
 * mention keys replaced by names, and `fromBot` when the bot's app sent it (sender_type app, id our app_id), so
 * that a reply to a weekly prompt can be tied to that prompt. Undefined when there is nothing readable.
 */
export function quoteOf(item: LarkMessageItem | undefined, appId: string): IncomingMessage['quote'] {
  if (!item?.body?.content) return undefined;
  const mentions: LarkMention[] = (item.mentions ?? []).map((m) => ({
    ...(m.key ? { key: m.key } : {}),
    ...(m.name ? { name: m.name } : {}),
    id: { open_id: m.id ?? '' },
  }));
  let text: string;
  if (item.msg_type === 'interactive') {
    try {
      text = cardText(JSON.parse(item.body.content)).join('\n');
    } catch {
      return undefined;
    }
  } else {
    const read = readContent(item.msg_type, item.body.content, mentions);
    if (!read) return undefined;
    text = replaceMentionKeys(read.text, mentions, undefined);
  }
  text = text.trim().slice(0, MAX_QUOTE);
  if (!text) return undefined;
  const fromBot = item.sender?.sender_type === 'app' && item.sender.id === appId;
  return { text, ...(item.message_id ? { id: item.message_id } : {}), ...(fromBot ? { fromBot: true } : {}) };
}
