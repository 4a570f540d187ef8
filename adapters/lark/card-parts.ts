import type { ActionButton } from '../../src/shared/types.js';

/** What a button of ours carries back in card.action.trigger's `action.value`. */
export type CardActionValue = { act: 'say'; text: string } | { act: 'checkin'; unit: string; week: string };

/** Escapes text for a card markdown element. */
export const md = (s: string) => s.replace(/[*_~`<>]/g, (c) => `\\${c}`);

/** A row of callback buttons (card JSON 2.0), each saying its text to the bot when clicked. */
export function buttonRow(buttons: ActionButton[]): Record<string, unknown> {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: '8px',
    columns: buttons.slice(0, 6).map((b, i) => ({
      tag: 'column',
      width: 'auto',
      elements: [
        {
          tag: 'button',
          element_id: `say_${i}`,
          text: { tag: 'plain_text', content: b.label.slice(0, 40) },
          type: i === 0 ? 'primary' : 'default',
          size: 'small',
          behaviors: [{ type: 'callback', value: { act: 'say', text: b.say } satisfies CardActionValue }],
        },
      ],
    })),
  };
}

/** A card 2.0 shell. */
export function card2(
  title: string,
  template: string,
  elements: Record<string, unknown>[],
): Record<string, unknown> {
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: title.slice(0, 100) }, template },
    body: { elements },
  };
}

/** A text message as a card with buttons under it (welcome, admin help, digest). */
export function textCard(title: string, text: string, buttons: ActionButton[]): Record<string, unknown> {
  return card2(title, 'blue', [{ tag: 'markdown', content: md(text) }, buttonRow(buttons)]);
}
