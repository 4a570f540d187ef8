import { randomBytes } from 'node:crypto';
import type { ActionButton } from '../../src/shared/types.js';

/** WeCom shows at most this many buttons on a 按钮交互型 template card. */
const MAX_BUTTONS = 6;

/** The key a button carries: what the clicker "says", base64url-encoded (EventKey is returned as sent). */
export function buttonKey(say: string): string {
  return `say.${Buffer.from(say, 'utf8').toString('base64url')}`;
}

/** What a clicked button says, from the EventKey of a template_card_event; undefined for a key not ours. */
export function sayOf(eventKey: string): string | undefined {
  const m = /^say\.([A-Za-z0-9_-]+)$/.exec(eventKey);
  if (!m?.[1]) return undefined;
  const text = Buffer.from(m[1], 'base64url').toString('utf8');
  return text.trim() ? text : undefined;
}

/**
 * A message's buttons as a WeCom 模板卡片 of the 按钮交互型 kind (button_interaction), sent through the app after the
 * text itself: a short title, a line saying the buttons reply for the user, and one button per choice. A click comes
 * back as a template_card_event whose EventKey is the button's key (see sayOf).
 */
export function buttonCard(text: string, buttons: ActionButton[]): Record<string, unknown> {
  const title = (text.split('\n')[0] ?? '').replace(/[（(].*$/, '').slice(0, 26) || '请选择';
  return {
    msgtype: 'template_card',
    template_card: {
      card_type: 'button_interaction',
      main_title: { title, desc: '点击按钮即回复，也可以直接发送文字' },
      // 同一个应用任务id不能重复, digits, letters and _-@ only, at most 128 bytes
      task_id: `pb-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`,
      button_list: buttons.slice(0, MAX_BUTTONS).map((b, i) => ({
        text: b.label.slice(0, 10),
        style: i === 0 ? 1 : 2,
        key: buttonKey(b.say),
      })),
    },
  };
}
