import type { Handler } from '../core/handler.js';

/** What the bot says to courtesy words (commands.json): thanks get a word back, a ping a pointer, an ack nothing. */
const REPLIES: Record<string, string | undefined> = {
  thanks: '不客气。',
  ping: '在的。可以直接问我方案内容，或发送本周汇报；发送“帮助”查看用法。',
  ack: undefined,
};

/**
 * Everyday words — 收到, 好的, 谢谢, 在吗 — are not questions about the plan nor reports: an acknowledgement gets no
 * reply (a liaison's 收到 after the Monday prompt), thanks and greetings a short one.
 */
export function smallTalkHandler(): Handler {
  return {
    name: 'small talk',
    match: (ctx) => ctx.command !== undefined && ctx.command.name in REPLIES,
    handle(ctx) {
      const text = REPLIES[ctx.command?.name ?? ''];
      return text ? [ctx.reply(text)] : [];
    },
  };
}
