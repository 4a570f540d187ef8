import type { Handler } from '../core/handler.js';
import type { QuestionAnswerer } from './answer-question.js';
import type { Turn } from './complete-follow-up.js';

/** Where the question feature keeps its follow-up context in a conversation. */
const SLOT = 'qa';

/**
 * Questions about the plan: every message no other handler took, answered from the plan with the clause cited;
 * a follow-up ("那16呢") is read against the conversation's last question.
 */
export function questionHandler(qa: QuestionAnswerer): Handler {
  return {
    name: 'questions',
    help: { section: '', lines: qa.help().text.split('\n') },
    match: () => true,
    handle(ctx) {
      const { answer, turn } = qa.converse(ctx.text, ctx.conversation.recall<Turn>(SLOT));
      if (turn) ctx.conversation.remember(SLOT, turn);
      return [ctx.reply(answer.text, answer.card ? { card: answer.card } : {})];
    },
  };
}
