import type { Knowledge } from '../knowledge/schema.js';
import { QuestionAnswerer } from '../qa/answer-question.js';
import type { Logger } from './logger.js';
import { type Clock, type Core, type IncomingMessage, type Outgoing, systemClock } from './types.js';

/** What the core is built from; everything is passed in so that tests control it. */
export interface CoreDeps {
  knowledge: Knowledge;
  log: Logger;
  clock?: Clock;
}

/** Reply address for a message: the same chat, threaded under it. */
export function replyAddress(msg: IncomingMessage): Outgoing['to'] {
  return {
    platform: msg.platform,
    chatId: msg.chatId,
    replyTo: msg.id,
    ...(msg.chatType === 'group' ? { mention: msg.sender.id } : {}),
  };
}

/** Builds the core: one error boundary per message; a failure becomes a log line and one polite reply. */
export function createCore(deps: CoreDeps): Core & { qa: QuestionAnswerer } {
  const qa = new QuestionAnswerer(deps.knowledge);
  const clock = deps.clock ?? systemClock;
  return {
    qa,
    async handle(msg) {
      if (msg.chatType === 'group' && !msg.mentionsBot) return [];
      const to = replyAddress(msg);
      try {
        const answer = qa.answer(msg.text);
        return [{ to, text: answer.text, ...(answer.card ? { card: answer.card } : {}) }];
      } catch (err) {
        deps.log.error({ err, msgId: msg.id, at: clock.now().toISOString() }, 'failed to handle message');
        return [{ to, text: '抱歉，处理这条消息时出错了，请稍后再试或换个说法。' }];
      }
    },
  };
}
