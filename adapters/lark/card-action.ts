import * as lark from '@larksuiteoapi/node-sdk';
import type { Core, IncomingMessage, Outgoing, OutgoingText } from '../../src/shared/types.js';
import type { CardActionValue } from './card-parts.js';
import { renderFormCard } from './render-form-card.js';

/** A card.action.trigger callback, as the SDK flattens it (the parts read here). */
export interface CardActionEvent {
  event_id?: string;
  token?: string;
  operator?: { open_id?: string; name?: string };
  action?: { value?: unknown; tag?: string; name?: string; form_value?: Record<string, unknown> };
  context?: { open_message_id?: string; open_chat_id?: string };
}

/** What answering a click needs from the adapter. */
export interface CardActionContext {
  core?: Core;
  /** True the first time a dedupe key is seen. */
  fresh(key: string | undefined): boolean;
  chatTypeOf(chatId: string): Promise<'group' | 'direct'>;
  /** Runs work in the background (the adapter's idle() waits for it). */
  track(p: Promise<void>): void;
  send(o: Outgoing): Promise<void>;
  /** How long to wait for the core before answering "saving…" (Lark wants an answer within 3 s). */
  budgetMs: number;
}

/**
 * A card click (card.action.trigger), answered within Lark's 3 s: a "say" button becomes a message from the
 * clicker, answered in the chat; a check-in form goes to the core, and when it is recorded in time the answer
 * replaces the form with what was recorded (otherwise a toast, and the result follows as a message).
 */
export async function answerCardAction(
  d: CardActionEvent,
  x: CardActionContext,
): Promise<Record<string, unknown>> {
  const toast = (type: 'success' | 'info' | 'error', content: string) => ({ toast: { type, content } });
  const ev = lark.normalizeCardAction(d as Parameters<typeof lark.normalizeCardAction>[0]);
  const core = x.core;
  if (!ev || !core) return toast('error', '无法处理这次点击，请直接发送文字。');
  if (!x.fresh(d.event_id && `e:${d.event_id}`)) return toast('info', '已处理');
  const value = ev.action.value as CardActionValue | undefined;
  const chatType = await x.chatTypeOf(ev.chatId);
  const sender = { id: ev.operator.openId, ...(ev.operator.name ? { name: ev.operator.name } : {}) };
  if (value?.act === 'say' && typeof value.text === 'string') {
    const msg: IncomingMessage = {
      platform: 'lark',
      id: `card:${d.event_id ?? `${ev.messageId}:${Date.now()}`}`,
      chatId: ev.chatId,
      chatType,
      sender,
      text: value.text,
      mentionsBot: true,
      at: new Date(),
      // the click has no message of its own to reply to: the answer goes under the card, also when the running
      // bot queues it in the outbox (which delivers later, to the address the core gave)
      replyTo: ev.messageId,
    };
    x.track(
      (async () => {
        for (const o of await core.handle(msg)) await x.send(o);
      })(),
    );
    return toast('info', `正在查询：${value.text}`.slice(0, 50));
  }
  if (value?.act === 'checkin' && core.event) {
    const f = d.action?.form_value ?? {};
    const str = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : undefined);
    const values = {
      ...(str('task') !== undefined ? { task: str('task') } : {}),
      ...(str('status') !== undefined ? { status: str('status') } : {}),
      ...(str('progress') !== undefined ? { progress: str('progress') } : {}),
      ...(str('note') !== undefined ? { note: str('note') } : {}),
    };
    const work = core.event({
      kind: 'form',
      platform: 'lark',
      chatId: ev.chatId,
      chatType,
      formMessageId: ev.messageId,
      submissionId: d.event_id ?? d.token ?? `${ev.messageId}:${Date.now()}`,
      sender,
      values,
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => {
      timer = setTimeout(() => r('late'), x.budgetMs);
    });
    const out = await Promise.race([work, late]);
    clearTimeout(timer);
    if (out === 'late') {
      x.track(
        (async () => {
          for (const o of await work) await x.send(o);
        })(),
      );
      return toast('info', '正在保存，结果稍后发送。');
    }
    const done = out.find((o): o is OutgoingText => 'form' in o && Boolean(o.form?.recorded));
    if (done?.form) {
      return { ...toast('success', '已记录'), card: { type: 'raw', data: renderFormCard(done.form) } };
    }
    // not recorded (unbound, another unit's task, bad progress): the reason, in a toast and in the chat
    x.track(
      (async () => {
        for (const o of out) await x.send(o);
      })(),
    );
    const first = out.find((o): o is OutgoingText => 'text' in o && !('file' in o));
    return toast('error', (first?.text.split('\n')[0] ?? '没有记录').slice(0, 60));
  }
  return toast('error', '这个按钮已失效，请直接发送文字。');
}
