import { roleOf } from '../checkins/member-roles.js';
import type { IncomingMessage } from '../shared/types.js';

/**
 * "绑定 县财政局 @张三 [联络员|备岗|分管领导]": rewrites the @ into the canonical `绑定 县财政局 lark:ou_… 张三 联络员`, taking
 * the id from the message's mentions (an @ typed as plain text, which carries no id, is left alone so the usage
 * text explains the form). Returns the message unchanged when it is not such a command.
 */
export function bindByMention(msg: IncomingMessage): IncomingMessage {
  const words = msg.text.trim().split(/\s+/);
  if (words[0] !== '绑定' || !msg.mentions?.length) return msg;
  const at = words.findIndex((w, i) => i >= 2 && w.startsWith('@'));
  if (at < 0) return msg;
  const label = (words[at] as string).slice(1);
  const person =
    msg.mentions.find((m) => m.name === label) ?? (msg.mentions.length === 1 ? msg.mentions[0] : undefined);
  if (!person) return msg;
  const rest = words.slice(at + 1);
  // an explicit name after the @ wins; otherwise the mention's display name
  const role = rest.find((w) => roleOf(w) !== undefined);
  const name = rest.find((w) => w !== role) ?? (person.name || label || person.id);
  const text = [...words.slice(0, at), `${msg.platform}:${person.id}`, name, ...(role ? [role] : [])].join(
    ' ',
  );
  return { ...msg, text };
}
