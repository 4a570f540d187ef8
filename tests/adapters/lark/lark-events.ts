import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { larkSignature } from '../../../adapters/lark/webhook-server.js';

/** Encrypts an event body the way Lark does (AES-256-CBC with sha256(encryptKey), IV first, base64). */
export function encryptEvent(obj: unknown, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const c = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, c.update(JSON.stringify(obj), 'utf8'), c.final()]).toString('base64');
}

let seq = 0;

/** A schema-2.0 envelope of any event or callback type (card.action.trigger comes the same way). */
export function envelope(
  eventType: string,
  event: Record<string, unknown>,
  eventId?: string,
): Record<string, unknown> {
  const n = ++seq;
  return {
    schema: '2.0',
    header: {
      event_id: eventId ?? `ev_${eventType}_${n}_${Date.now()}`,
      event_type: eventType,
      create_time: String(Date.now()),
      token: 'vtoken',
      app_id: 'cli_a1b2c3d4e5f60718',
      tenant_key: 'tk',
    },
    event,
  };
}

/** A card.action.trigger callback: who clicked, the button's value, form values, and the card's message/chat. */
export function cardAction(o: {
  from: string;
  chatId: string;
  messageId: string;
  value: unknown;
  formValue?: Record<string, string>;
}): Record<string, unknown> {
  return envelope('card.action.trigger', {
    operator: { open_id: o.from, user_id: '', union_id: `on_${o.from}` },
    token: `c-${++seq}`,
    action: {
      value: o.value,
      tag: 'button',
      ...(o.formValue ? { form_value: o.formValue, name: 'submit' } : {}),
    },
    host: 'im_message',
    context: { open_message_id: o.messageId, open_chat_id: o.chatId },
  });
}

/** A schema-2.0 im.message.receive_v1 envelope. */
export function messageEvent(o: {
  text?: string;
  chatType?: 'group' | 'p2p';
  chatId?: string;
  from?: string;
  mentionBot?: string;
  messageId?: string;
  eventId?: string;
  messageType?: string;
  content?: string;
  parentId?: string;
  mentions?: { key: string; id: { open_id: string }; name: string }[];
}): Record<string, unknown> {
  const n = ++seq;
  const mentions = [
    ...(o.mentionBot ? [{ key: '@_user_1', id: { open_id: o.mentionBot }, name: 'plan-bot' }] : []),
    ...(o.mentions ?? []),
  ];
  return {
    schema: '2.0',
    header: {
      event_id: o.eventId ?? `ev_${n}_${Date.now()}`,
      event_type: 'im.message.receive_v1',
      create_time: String(Date.now()),
      token: 'vtoken',
      app_id: 'cli_a1b2c3d4e5f60718',
      tenant_key: 'tk',
    },
    event: {
      sender: { sender_id: { open_id: o.from ?? 'ou_user1' }, sender_type: 'user', tenant_key: 'tk' },
      message: {
        message_id: o.messageId ?? `om_${n}_${Date.now()}`,
        create_time: String(Date.now()),
        chat_id: o.chatId ?? 'oc_group1',
        chat_type: o.chatType ?? 'group',
        message_type: o.messageType ?? 'text',
        content: o.content ?? JSON.stringify({ text: `${o.mentionBot ? '@_user_1 ' : ''}${o.text ?? ''}` }),
        mentions,
        ...(o.parentId ? { parent_id: o.parentId, root_id: o.parentId } : {}),
      },
    },
  };
}

/** POSTs an encrypted, signed event to the webhook; `forge` breaks the signature, `ageS` back-dates it. */
export async function postEvent(
  url: string,
  event: unknown,
  encryptKey: string,
  o: { forge?: boolean; ageS?: number; unsigned?: boolean; timeoutMs?: number } = {},
): Promise<{ status: number; body: string; ms: number }> {
  const raw = JSON.stringify({ encrypt: encryptEvent(event, encryptKey) });
  const ts = String(Math.floor(Date.now() / 1000) - (o.ageS ?? 0));
  const nonce = randomBytes(8).toString('hex');
  const sig = larkSignature(ts, nonce, encryptKey, raw);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (!o.unsigned) {
    headers['x-lark-request-timestamp'] = ts;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = o.forge ? sig.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) : sig;
  }
  const t0 = Date.now();
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: raw,
    ...(o.timeoutMs ? { signal: AbortSignal.timeout(o.timeoutMs) } : {}),
  });
  return { status: res.status, body: await res.text(), ms: Date.now() - t0 };
}
