import type { IncomingMessage, Mention } from '../../src/shared/types.js';
import { type LarkResource, readPost } from './post-content.js';

/** A mention as Lark sends it in message events. */
export interface LarkMention {
  key?: string;
  name?: string;
  id?: { open_id?: string };
}

/** The parts of an im.message.receive_v1 event the adapter reads (as flattened by the SDK). */
export interface LarkMessageEvent {
  event_id?: string;
  sender?: { sender_id?: { open_id?: string; user_id?: string }; sender_type?: string };
  message?: {
    message_id?: string;
    root_id?: string;
    parent_id?: string;
    chat_id?: string;
    chat_type?: string;
    message_type?: string;
    content?: string;
    create_time?: string;
    mentions?: LarkMention[];
  };
}

/** Result of translating an event: a message for the core, a canned reply, or nothing (ignore). */
export type Translated =
  | {
      kind: 'message';
      /** Without attachments and quote: the adapter adds them (they need API calls). */
      msg: IncomingMessage;
      resources: LarkResource[];
      /** The message this one replies to. */
      parentId?: string;
    }
  | { kind: 'unsupported'; chatId: string; messageId: string; group: boolean; mentioned: boolean }
  | { kind: 'ignore'; why: string };

/**
 * Replaces each `@_user_N` key by the person's name (the bot's own by a space), longest key first so that
 * `@_user_1` never eats the start of `@_user_10`; `@_all` (@所有人) and keys without a mention are dropped.
 */
export function replaceMentionKeys(
  text: string,
  mentions: LarkMention[],
  botOpenId: string | undefined,
): string {
  const keyed = mentions
    .filter((m) => m?.key)
    .sort((a, b) => (b.key as string).length - (a.key as string).length);
  let out = text;
  for (const m of keyed) {
    const key = m.key as string;
    const isBot = botOpenId !== undefined && m.id?.open_id === botOpenId;
    out = out.split(key).join(isBot || key === '@_all' ? ' ' : `@${m.name ?? ''}`);
  }
  return out
    .replace(/@_(?:user_\d+|all)\b/g, ' ')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

/** Text and resources of a message's content by its type; undefined when the type carries neither. */
export function readContent(
  type: string | undefined,
  content: string | undefined,
  mentions: LarkMention[] = [],
): { text: string; resources: LarkResource[] } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content ?? '');
  } catch {
    return undefined;
  }
  const p = (parsed ?? {}) as Record<string, unknown>;
  if (type === 'text') return typeof p.text === 'string' ? { text: p.text, resources: [] } : undefined;
  if (type === 'post') {
    const byOpenId = new Map(mentions.map((m) => [m.id?.open_id ?? '', m.key ?? '']));
    return readPost(parsed, (id) => byOpenId.get(id) || undefined);
  }
  if (type === 'image' && typeof p.image_key === 'string')
    return { text: '', resources: [{ kind: 'image', key: p.image_key }] };
  if (type === 'file' && typeof p.file_key === 'string') {
    const name = typeof p.file_name === 'string' ? p.file_name : undefined;
    return { text: '', resources: [{ kind: 'file', key: p.file_key, ...(name ? { name } : {}) }] };
  }
  return undefined;
}

/**
 * Turns a Lark message event into the core's IncomingMessage: text, rich text (post) and images/files read,
 * `@_user_N` placeholders replaced (the bot's own removed), the other people mentioned listed, the bot's mention
 * detected by comparing open_ids, and the parent of a reply noted. Malformed events are ignored, not thrown.
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
  const read = readContent(m.message_type, m.content, mentions);
  if (!read) {
    if (m.message_type === 'text' || m.message_type === 'post')
      return { kind: 'ignore', why: 'content is not readable JSON' };
    return { kind: 'unsupported', chatId: m.chat_id, messageId: m.message_id, group, mentioned };
  }
  const people: Mention[] = mentions
    .filter((x) => x?.id?.open_id && x.id.open_id !== botOpenId && x.key !== '@_all')
    .map((x) => ({ id: x.id?.open_id as string, ...(x.name ? { name: x.name } : {}) }));
  const ms = Number(m.create_time);
  return {
    kind: 'message',
    msg: {
      platform: 'lark',
      id: m.message_id,
      chatId: m.chat_id,
      chatType: group ? 'group' : 'direct',
      sender: { id: senderId },
      text: replaceMentionKeys(read.text, mentions, botOpenId),
      mentionsBot: !group || mentioned,
      at: Number.isFinite(ms) && ms > 0 ? new Date(ms) : new Date(),
      ...(people.length ? { mentions: people } : {}),
    },
    resources: read.resources,
    ...(m.parent_id ? { parentId: m.parent_id } : {}),
  };
}
