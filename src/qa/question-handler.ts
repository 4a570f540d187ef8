import type { MessageContext } from '../core/context.js';
import type { Handler } from '../core/handler.js';
import type { Outgoing } from '../shared/types.js';
import type { QuestionAnswerer } from './answer-question.js';
import type { Conversation } from './conversation.js';

/** Where the question feature keeps its follow-up context in a conversation. */
const SLOT = 'qa';

/** The answer to a question about how tasks are going (任务14进展如何): from the reported ledger, not the plan. */
export type ProgressAnswer = (ctx: MessageContext, tasks: number[]) => Outgoing[];

/**
 * Questions about the plan: every message no other handler took, answered from the plan with the clause cited,
 * from the message's tokens as the context read them; a follow-up ("那16呢") is read against the conversation's
 * last question. A question about progress goes to `progress` (the check-ins feature) when one is given.
 */
export function questionHandler(qa: QuestionAnswerer, progress?: ProgressAnswer): Handler {
  return {
    name: 'questions',
    help: { section: '', lines: qa.help().text.split('\n') },
    match: () => true,
    handle(ctx) {
      const { answer, turn, queries } = qa.converseTokens(
        ctx.text,
        () => ctx.tokensWith(qa.lexicon),
        ctx.conversation.recall<Conversation>(SLOT),
      );
      if (turn) ctx.conversation.remember(SLOT, turn);
      const tasks = queries?.flatMap((q) => (q.kind === 'progress' ? q.tasks : []));
      if (progress && queries?.length && queries.every((q) => q.kind === 'progress') && tasks?.length)
        return progress(ctx, [...new Set(tasks)]);
      return [ctx.reply(answer.text, answer.card ? { card: answer.card } : {})];
    },
  };
}
