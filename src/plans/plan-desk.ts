import type { Plan, PlanSet } from '../knowledge/plan-set.js';
import { type Lexicon, lexiconFor } from '../language/lexicon.js';
import type { Tokens } from '../language/spans.js';
import { tokenize } from '../language/tokenize.js';
import { QuestionAnswerer } from '../qa/answer-question.js';
import type { IncomingMessage } from '../shared/types.js';
import type { Store } from '../store/store.js';
import { findPlanMentions, type PlanMention } from './find-plan-mention.js';
import { fitPlans } from './fit-plans.js';

/** How a question's plan was found, in the order the rules are tried. */
export type PickedBy = 'named' | 'chat' | 'only' | 'fit' | 'topic' | 'recent';

/** Which plan a question is about, or that it must be asked. */
export type PlanPick =
  /** One plan; `text` is the question with the plan's name taken out (职教行动计划中… → 方案中…). */
  | { kind: 'plan'; plan: Plan; text: string; by: PickedBy }
  /** Several plans named in one question: answered for each. */
  | { kind: 'several'; plans: Plan[]; text: string }
  /** It fits several plans and nothing says which: ask, listing them. */
  | { kind: 'ask'; plans: Plan[]; text: string; specific: boolean };

/** The chat key a default plan is stored under. */
export function chatKey(msg: Pick<IncomingMessage, 'platform' | 'chatId'>): string {
  return `${msg.platform}:${msg.chatId}`;
}

/** A question with the plan names in it replaced by 方案, so that one plan's answerer reads it as about itself. */
export function withoutMentions(text: string, mentions: PlanMention[]): string {
  let out = text;
  for (const m of [...mentions].sort((a, b) => b.at - a.at))
    out = `${out.slice(0, m.at)}方案${out.slice(m.end)}`;
  return out.replace(/方案(?:[里中内的]|当中)?方案/g, '方案').trim();
}

/**
 * The plans of a bot as its features use them: which are stopped (kept and exportable, no prompts and no reports),
 * the default plan of a chat, one question answerer per plan, and which plan a question is about.
 */
export class PlanDesk {
  private readonly answerers = new WeakMap<Plan['kb'], QuestionAnswerer>();

  constructor(
    readonly set: PlanSet,
    /** Where stopped plans and chats' defaults are kept; none for `plan-bot ask` (no chat, nothing stopped). */
    readonly store?: Store,
  ) {}

  /** More than one plan is loaded: answers, prompts and lists name their plan. */
  get many(): boolean {
    return this.set.size > 1;
  }

  /** The plans that send prompts and take reports (not stopped), in list order. */
  active(): Plan[] {
    const stopped = new Set(this.store?.data.plans.stopped ?? []);
    return this.set.list.filter((p) => !stopped.has(p.id));
  }

  /** True when an admin stopped the plan. */
  isStopped(id: string): boolean {
    return this.store?.data.plans.stopped.includes(id) ?? false;
  }

  /** The default plan an admin set for a chat (本群方案), while it is still loaded. */
  chatPlan(msg: Pick<IncomingMessage, 'platform' | 'chatId'>): Plan | undefined {
    const id = this.store?.data.plans.chats[chatKey(msg)];
    return id ? this.set.get(id) : undefined;
  }

  /** The answerer of one plan (one per plan, built on first use). */
  qa(plan: Plan): QuestionAnswerer {
    let qa = this.answerers.get(plan.kb);
    if (!qa) {
      qa = new QuestionAnswerer(plan.kb);
      this.answerers.set(plan.kb, qa);
    }
    return qa;
  }

  /**
   * The lexicon the core reads messages with: the only plan's own (its units and its task, group and safeguard
   * titles, as its answerer reads them); with several plans, one that knows every plan's units and no titles.
   */
  lexicon(): Lexicon {
    return lexiconFor(this.set.size === 1 ? this.set.first.kb : this.set.words);
  }

  /** The short name of a plan as answers show it: 〔职教行动计划〕. */
  label(plan: Plan): string {
    return `〔${plan.short}〕`;
  }

  /** One line per plan for a list: 1. 职教行动计划（《…》稷政发〔2021〕6号）. */
  listLine(plan: Plan, i: number): string {
    const d = plan.kb.document;
    return `${i + 1}. ${plan.short}（《${d.title}》${d.docNumber}）`;
  }

  /**
   * Which plan a question is about: a plan it names (by a short name, 文号 or title words); else the chat's default
   * plan; else the only plan; else the one plan that has the units and task numbers it uses, or whose words it
   * uses; else the plan of the conversation's last question, when that one fits; else ask.
   */
  pick(
    text: string,
    opts: { chat?: Plan; recent?: string; tokens?: Tokens; plans?: readonly Plan[] } = {},
  ): PlanPick {
    const plans = opts.plans ?? this.set.list;
    if (plans.length === 1) return { kind: 'plan', plan: plans[0] as Plan, text, by: 'only' };
    const mentions = findPlanMentions(text, plans);
    const named = [...new Set(mentions.map((m) => m.plan))]
      .map((id) => this.set.get(id))
      .filter((p): p is Plan => p !== undefined);
    const rest = mentions.length ? withoutMentions(text, mentions) : text;
    if (named.length === 1) return { kind: 'plan', plan: named[0] as Plan, text: rest, by: 'named' };
    if (named.length > 1) return { kind: 'several', plans: named, text: rest };
    if (opts.chat) return { kind: 'plan', plan: opts.chat, text, by: 'chat' };
    const fit = fitPlans(opts.tokens ?? tokenize(text, this.lexicon()), plans);
    if (fit.candidates.length === 1)
      return { kind: 'plan', plan: fit.candidates[0] as Plan, text, by: 'fit' };
    if (fit.topic) return { kind: 'plan', plan: fit.topic, text, by: 'topic' };
    const pool = fit.candidates.length ? fit.candidates : [...plans];
    const recent = opts.recent ? pool.find((p) => p.id === opts.recent) : undefined;
    if (recent) return { kind: 'plan', plan: recent, text, by: 'recent' };
    return { kind: 'ask', plans: pool, text, specific: fit.specific };
  }
}
