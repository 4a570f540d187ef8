import type { MessageContext } from '../core/context.js';
import type { Store } from '../store/store.js';

/**
 * True when a message may be taken as a liaison's: addressed to the bot, or — a plain group message passed on by
 * an adapter that may (Lark with im:message.group_msg) — sent by a bound member in their own unit's chat.
 */
export function addressedOrOwnChat(ctx: MessageContext, store: Store): boolean {
  if (ctx.msg.chatType !== 'group' || ctx.msg.mentionsBot) return true;
  const unit = ctx.sender.member?.unit;
  const chat = unit ? store.data.roster.find((u) => u.unit === unit)?.chat : undefined;
  return Boolean(chat && chat.platform === ctx.msg.platform && chat.id === ctx.msg.chatId);
}
