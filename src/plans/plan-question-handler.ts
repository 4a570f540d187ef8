import type { MessageContext } from '../core/context.js';
import type { Conversation } from '../core/conversation.js';
import type { Handler } from '../core/handler.js';
import type { Plan } from '../knowledge/plan-set.js';
import type { Lexicon } from '../language/lexicon.js';
import { normalizeText } from '../language/normalize.js';
import type { Tokens } from '../language/spans.js';
import { tokenize } from '../language/tokenize.js';
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
export interface Waiting {
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

/**
 * The context of a message as one plan's question handler sees it: its text (the question without the plan's
 * name, or the question that waited for its plan), its tokens under that plan's lexicon, and the conversation of
 * that plan.
 */
function contextFor(ctx: MessageContext, plan: Plan, text: string): MessageContext {
  const c = Object.create(ctx) as MessageContext;
  Object.defineProperty(c, 'text', { value: text });
  Object.defineProperty(c, 'conversation', { value: perPlan(ctx.conversation, plan) });
  if (text !== ctx.simplified) {
    const own = new Map<Lexicon, Tokens>();
    Object.defineProperty(c, 'tokensWith', {
      value: (lex: Lexicon) => {
        const t = own.get(lex) ?? tokenize(text, lex, { simplified: true });
        own.set(lex, t);
        return t;
      },
    });
  }
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

/** What to do with a question in a bot with several plans. */
export type Route =
  /** Answer `text` from `plan`. */
  | { kind: 'answer'; plan: Plan; text: string }
  /** Reply this (an answer across plans, or a refusal no plan improves on). */
  | { kind: 'reply'; text: string; found: boolean }
  /** Ask which plan, listing `plans`; the next message naming one answers `text`. */
  | { kind: 'ask'; plans: Plan[]; text: string };

/**
 * Where a question goes when several plans are loaded: the answer to an open "which plan?" (its number or a
 * plan's name) completes the question waiting; a question across plans is answered for each; otherwise the plan
 * picked (PlanDesk.pick) answers it. When nothing in the question says which plan, the plans that can answer it
 * decide: one answers, several are asked about, none gives the plain refusal.
 */
export function routeQuestion(
  desk: PlanDesk,
  text: string,
  opts: { chat?: Plan; recent?: string; waiting?: Waiting },
): Route {
  if (opts.waiting) {
    const plan = chosenPlan(text, opts.waiting, desk);
    if (plan) return { kind: 'answer', plan, text: opts.waiting.text };
  }
  if (allPlansWord(text)) return { kind: 'reply', ...crossPlanAnswer(text, desk) };
  const pick: PlanPick = desk.pick(text, {
    ...(opts.chat ? { chat: opts.chat } : {}),
    ...(opts.recent ? { recent: opts.recent } : {}),
  });
  if (pick.kind === 'plan') return { kind: 'answer', plan: pick.plan, text: pick.text };
  if (pick.kind === 'several') return { kind: 'reply', ...crossPlanAnswer(pick.text, desk, pick.plans) };
  if (pick.specific) return { kind: 'ask', plans: pick.plans, text: pick.text };
  const answers = pick.plans.map((p) => ({ p, a: desk.qa(p).answer(pick.text) }));
  const found = answers.filter((x) => x.a.found).map((x) => x.p);
  if (found.length === 1) return { kind: 'answer', plan: found[0] as Plan, text: pick.text };
  if (found.length > 1) return { kind: 'ask', plans: found, text: pick.text };
  return { kind: 'reply', text: answers[0]?.a.text ?? '', found: false };
}

/** The question back when a question fits several plans. */
export function whichPlanText(desk: PlanDesk, plans: Plan[], text: string): string {
  const lines = plans.map((p, i) => desk.listLine(p, i));
  return `这个问题在${plans.length}个方案中都有答案，请问您问的是哪个方案？\n${lines.join('\n')}\n请回复序号或方案名称；也可以在问题里写上方案名称，例如：${plans[0]?.short ?? ''} ${text}`;
}

/**
 * Questions about the plans, for a bot with several: the plan is picked before the question is answered (a plan
 * named in it, the chat's default, the only plan, the one plan it fits, the plan of the last question; otherwise
 * the bot asks which, and the next message naming one completes the question), then the plan's own answerer
 * answers and the reply names the plan. Questions across plans (哪些方案里有县财政局的任务) are answered for each.
 * With one plan it is the plain question handler.
 */
export function planQuestionHandler(
  desk: PlanDesk,
  progress?: (ctx: MessageContext, tasks: number[], plan: Plan) => Outgoing[],
): Handler {
  const single = (plan: Plan) =>
    questionHandler(desk.qa(plan), progress && ((ctx, tasks) => progress(ctx, tasks, plan)));
  return {
    name: 'questions',
    help: {
      section: '',
      lines: [
        ...desk
          .qa(desk.set.first)
          .help()
          .text.split('\n')
          .map((l, i) =>
            i === 0 && desk.many
              ? `我是${desk.set.size}个方案（${desk.set.list.map((p) => p.short).join('、')}）的问答助手。可以这样问我：`
              : l,
          ),
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
      if (waiting) ctx.conversation.remember(CHOICE, undefined);
      const chat = desk.chatPlan(ctx.msg);
      const recent = ctx.conversation.recall<string>(RECENT);
      const route = routeQuestion(desk, ctx.simplified, {
        ...(chat ? { chat } : {}),
        ...(recent ? { recent } : {}),
        ...(waiting ? { waiting } : {}),
      });
      if (route.kind === 'reply') return [ctx.reply(route.text)];
      if (route.kind === 'ask') {
        ctx.conversation.remember<Waiting>(CHOICE, { text: route.text, plans: route.plans.map((p) => p.id) });
        return [ctx.reply(whichPlanText(desk, route.plans, route.text))];
      }
      ctx.conversation.remember(RECENT, route.plan.id);
      const out = await single(route.plan).handle(contextFor(ctx, route.plan, route.text));
      return labelled(out, desk.label(route.plan));
    },
  };
}

export { PlanDesk };
