import type { MessageContext } from '../core/context.js';
import type { Conversation } from '../core/conversation.js';
import type { Handler } from '../core/handler.js';
import type { Plan } from '../knowledge/plan-set.js';
import { normalizeText } from '../language/normalize.js';
import type { Answer } from '../qa/answer.js';
import { questionHandler } from '../qa/question-handler.js';
import type { Outgoing } from '../shared/types.js';
import { crossPlanAnswer } from './cross-plan.js';
import { allPlansWord, planByName } from './find-plan-mention.js';
import { PlanDesk, type PlanPick } from './plan-desk.js';

/** The conversation slot of the plan of the last question answered. */
const RECENT = 'plan:recent';
/** The conversation slot of a question waiting for the user to say which plan. */
const CHOICE = 'plan:choice';

/** A question waiting for its plan. */
interface Waiting {
  text: string;
  plans: string[];
}

/** A conversation whose slots are kept apart per plan, so a follow-up is read against the same plan's last turn. */
function perPlan(c: Conversation, plan: Plan): Conversation {
  return {
    ...c,
    recall: <T>(slot: string) => c.recall<T>(`${plan.id}:${slot}`),
    remember: <T>(slot: string, value: T) => c.remember(`${plan.id}:${slot}`, value),
  };
}

/** The context of a message as one plan's question handler sees it: its text, and the conversation of that plan. */
function contextFor(ctx: MessageContext, plan: Plan, text: string): MessageContext {
  const c = Object.create(ctx) as MessageContext;
  Object.defineProperty(c, 'text', { value: text });
  Object.defineProperty(c, 'conversation', { value: perPlan(ctx.conversation, plan) });
  return c;
}

/** The reply naming its plan: 〔职教行动计划〕 before the text and the card's title. */
function labelled(out: Outgoing[], label: string): Outgoing[] {
  return out.map((o) =>
    'text' in o && !('file' in o)
      ? {
          ...o,
          text: `${label}${o.text}`,
          ...(o.card ? { card: { ...o.card, title: `${label}${o.card.title}` } } : {}),
        }
      : o,
  );
}

/** The answer to "1", "2" or a plan's name after "您问的是哪个方案？", if the message is one. */
function chosenPlan(text: string, waiting: Waiting, desk: PlanDesk): Plan | undefined {
  const t = normalizeText(text).replace(/[。.!！]$/, '');
  const n = /^(?:第\s*)?(\d{1,2})\s*(?:个|项)?(?:方案)?$/.exec(t)?.[1];
  const among = waiting.plans.map((id) => desk.set.get(id)).filter((p): p is Plan => p !== undefined);
  if (n) return among[Number(n) - 1];
  const p = planByName(text, desk.set);
  return p && among.includes(p) ? p : undefined;
}

/**
 * Questions about the plans, for a bot with several: the plan is picked before the question is answered (a plan
 * named in it, the chat's default, the only plan, the one plan it fits, the plan of the last question; otherwise
 * the bot asks which, and the next message naming one completes the question), then the plan's own answerer
 * answers and the reply names the plan. Questions across plans (哪些方案里有县财政局的任务) are answered for each.
 * With one plan it is the plain question handler.
 */
export function planQuestionHandler(desk: PlanDesk): Handler {
  const single = (plan: Plan) => questionHandler(desk.qa(plan));
  const answerWith = async (ctx: MessageContext, plan: Plan, text: string): Promise<Outgoing[]> => {
    ctx.conversation.remember(RECENT, plan.id);
    const out = await single(plan).handle(contextFor(ctx, plan, text));
    return desk.many ? labelled(out, desk.label(plan)) : out;
  };
  const askWhich = (ctx: MessageContext, plans: Plan[], text: string): Outgoing[] => {
    ctx.conversation.remember<Waiting>(CHOICE, { text, plans: plans.map((p) => p.id) });
    const lines = plans.map((p, i) => desk.listLine(p, i));
    return [
      ctx.reply(
        `这个问题在${plans.length}个方案中都有答案，请问您问的是哪个方案？\n${lines.join('\n')}\n请回复序号或方案名称；也可以在问题里写上方案名称，例如：${plans[0]?.short ?? ''} ${text}`,
      ),
    ];
  };
  return {
    name: 'questions',
    help: {
      section: '',
      lines: [
        ...desk.qa(desk.set.first).help().text.split('\n'),
        ...(desk.many
          ? [
              '• 多个方案：在问题里写上方案名称或文号（职教行动计划 任务14谁负责、6号文的发展目标）；问“哪些方案里有县财政局的任务”可跨方案查询',
            ]
          : []),
      ],
    },
    match: () => true,
    async handle(ctx) {
      if (!desk.many) return single(desk.set.first).handle(ctx);
      const waiting = ctx.conversation.recall<Waiting>(CHOICE);
      if (waiting) {
        ctx.conversation.remember(CHOICE, undefined);
        const plan = chosenPlan(ctx.text, waiting, desk);
        if (plan) return answerWith(ctx, plan, waiting.text);
      }
      if (allPlansWord(ctx.simplified)) return [ctx.reply(crossPlanAnswer(ctx.simplified, desk))];
      const pick: PlanPick = desk.pick(ctx.simplified, {
        ...(desk.chatPlan(ctx.msg) ? { chat: desk.chatPlan(ctx.msg) as Plan } : {}),
        ...(ctx.conversation.recall<string>(RECENT)
          ? { recent: ctx.conversation.recall<string>(RECENT) }
          : {}),
      });
      if (pick.kind === 'plan') return answerWith(ctx, pick.plan, pick.text);
      if (pick.kind === 'several') return [ctx.reply(crossPlanAnswer(pick.text, desk, pick.plans))];
      if (pick.specific) return askWhich(ctx, pick.plans, pick.text);
      // nothing in the question says which: the plans that can answer it decide, and none is a plain refusal
      const found = pick.plans.filter((p) => desk.qa(p).answer(pick.text).found);
      if (found.length === 1) return answerWith(ctx, found[0] as Plan, pick.text);
      if (found.length > 1) return askWhich(ctx, found, pick.text);
      const refusal: Answer = desk.qa(desk.set.first).answer(pick.text);
      return [ctx.reply(refusal.text, refusal.card ? { card: refusal.card } : {})];
    },
  };
}

export { PlanDesk };
