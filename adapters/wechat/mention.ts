import { escapeRegExp } from '../../src/language/normalize.js';

// What may follow "@name": U+2005 (WeChat's mention space), U+3000, a space, or nothing at all.
const AFTER = '[\\u2005\\u3000 ]*';

/** True when the text @-mentions one of the bot's names (fallback for puppets whose mention list misses it). */
export function mentionsName(text: string, names: string[]): boolean {
  return names.some((n) => n && text.includes(`@${n}`));
}

/** Removes "@name" mentions of the bot, whatever follows them, and tidies the spaces. */
export function stripMentions(text: string, names: string[]): string {
  let out = text;
  for (const n of names.filter(Boolean).sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(`@${escapeRegExp(n)}${AFTER}`, 'g'), ' ');
  }
  return out
    .replace(/[\u2005\u3000]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
