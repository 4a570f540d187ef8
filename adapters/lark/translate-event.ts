import type { IncomingMessage } from '../../src/core/types.js';

/** The parts of an im.message.receive_v1 event the adapter reads (as flattened by the SDK). */
export interface LarkMessageEvent {
  event_id?: string;
  sender?: { sender_id?: { open_id?: string; user_id?: string }; sender_type?: string };
  message?: {
    message_id?: string;
    chat_id?: string;
    chat_type?: string;
    message_type?: string;
    content?: string;
    create_time?: string;
    mentions?: { key?: string; name?: string; id?: { open_id?: string } }[];
  };
}

/** Result of translating an event: a message for the core, a canned reply, or nothing (ignore). */
export type Translated =
  | { kind: 'message'; msg: IncomingMessage }
  | { kind: 'unsupported'; chatId: string; messageId: string; group: boolean; mentioned: boolean }
  | { kind: 'ignore'; why: string };

/**
 * Turns a Lark message event into the core's IncomingMessage: text only, `@_user_N` placeholders replaced (the
 * bot's own removed), the bot's mention detected by comparing open_ids. Malformed events are ignored, not thrown.
 */
export function translateEvent(ev: LarkMessageEvent, botOpenId: string | undefined): Translated {
  const m = ev?.message;
  const senderId = ev?.sender?.sender_id?.open_id;
  if (!m?.message_id || !m.chat_id || !senderId)
    return { kind: 'ignore', why: 'missing message, chat or sender id' };
  if (ev.sender?.sender_type && ev.sender.sender_type !== 'user')
    return { kind: 'ignore', why: 'not from a user' };
  if (botOpenId && senderId === botOpenId) return { kind: 'ignore', why: 'own message' };
  const group = m.chat_type !== 'p2p';
  const mentions = Array.isArray(m.mentions) ? m.mentions : [];
  const mentioned = mentions.some((x) => botOpenId !== undefined && x?.id?.open_id === botOpenId);
  if (m.message_type !== 'text') {
    return { kind: 'unsupported', chatId: m.chat_id, messageId: m.message_id, group, mentioned };
  }
  let text: string;
  try {
    const parsed: unknown = JSON.parse(m.content ?? '');
    const t = (parsed as { text?: unknown })?.text;
    if (typeof t !== 'string') return { kind: 'ignore', why: 'text content without text' };
    text = t;
  } catch {
    return { kind: 'ignore', why: 'content is not JSON' };
  }
  for (const x of mentions) {
    if (!x?.key) continue;
    text = text.split(x.key).join(x.id?.open_id === botOpenId ? ' ' : `@${x.name ?? ''}`);
  }
  text = text
    .replace(/@_user_\d+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const ms = Number(m.create_time);
  return {
    kind: 'message',
    msg: {
      platform: 'lark',
      id: m.message_id,
      chatId: m.chat_id,
      chatType: group ? 'group' : 'direct',
      sender: { id: senderId },
      text,
      mentionsBot: !group || mentioned,
      at: Number.isFinite(ms) && ms > 0 ? new Date(ms) : new Date(),
    },
  };
}
