import type { IncomingMessage, Outgoing } from '../shared/types.js';

/** Reply address for a message: the same chat, threaded under it (or under the message it names, a clicked card). */
export function replyAddress(msg: IncomingMessage): Outgoing['to'] {
  return {
    platform: msg.platform,
    chatId: msg.chatId,
    replyTo: msg.replyTo ?? msg.id,
    ...(msg.chatType === 'group' ? { mention: msg.sender.id } : {}),
  };
}
