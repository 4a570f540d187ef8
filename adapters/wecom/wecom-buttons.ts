import { randomBytes } from 'node:crypto';
import type { ActionButton, IncomingMessage } from '../../src/shared/types.js';

/** WeCom shows at most six buttons on a 按钮交互型 template card. */
export const WECOM_MAX_BUTTONS = 6;
/** A button's text is cut to this many characters (WeCom's advice: no more than 10). */
const LABEL_CHARS = 10;
/** The key a button carries back is at most 1,024 bytes. */
const KEY_BYTES = 1024;
const KEY_PREFIX = 'say:';

/** A task_id: unique per app, at most 128 bytes of letters, digits and _-@. */
export function newTaskId(): string {
  return `pb-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

/** The key of a button: what it says, base64url-encoded (WeCom keys take only plain characters). */
function keyOf(say: string): string | undefined {
  const key = KEY_PREFIX + Buffer.from(say, 'utf8').toString('base64url');
  return Buffer.byteLength(key) <= KEY_BYTES ? key : undefined;
}

/**
 * A message's buttons as a WeCom 模板卡片 (card_type button_interaction), sent after its text: the title is the
 * text's first line, each button's key carries what the button says. Undefined when there are no buttons.
 */
export function buttonCard(
  text: string,
  buttons: ActionButton[],
  taskId: string,
): Record<string, unknown> | undefined {
  const list = buttons.slice(0, WECOM_MAX_BUTTONS).flatMap((b, i) => {
    const key = keyOf(b.say);
    return key ? [{ text: [...b.label].slice(0, LABEL_CHARS).join(''), style: i === 0 ? 1 : 2, key }] : [];
  });
  if (list.length === 0) return undefined;
  const title = [...(text.split('\n')[0] ?? '')].slice(0, 26).join('') || '请选择';
  return {
    msgtype: 'template_card',
    template_card: {
      card_type: 'button_interaction',
      main_title: { title, desc: '点击按钮即发送对应指令' },
      task_id: taskId,
      button_list: list,
    },
  };
}

/**
 * A click on one of our buttons (Event template_card_event of a 自建应用's callback) as the message the button
 * says, from the clicker; undefined for any other event or a key that is not ours.
 */
export function clickMessage(m: Record<string, string>): IncomingMessage | undefined {
  if (m.MsgType !== 'event' || m.Event !== 'template_card_event') return undefined;
  const user = m.FromUserName ?? '';
  const key = m.EventKey ?? '';
  if (!user || !key.startsWith(KEY_PREFIX)) return undefined;
  const text = Buffer.from(key.slice(KEY_PREFIX.length), 'base64url').toString('utf8').trim();
  if (!text) return undefined;
  return {
    platform: 'wecom',
    // one click is one message: the card, the button and the time
    id: `card:${m.TaskId ?? ''}:${key.slice(0, 64)}:${m.CreateTime ?? ''}`,
    chatId: user,
    chatType: 'direct',
    sender: { id: user },
    text,
    mentionsBot: true,
    at: new Date(Number(m.CreateTime ?? 0) * 1000 || Date.now()),
  };
}
