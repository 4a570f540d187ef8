import { replyAddress } from '../core/reply-address.js';
import type { Plan, PlanSet } from '../knowledge/plan-set.js';
import { findPlanMentions } from '../plans/find-plan-mention.js';
import type { Clock, IncomingMessage, Outgoing } from '../shared/types.js';
import type { Store } from '../store/store.js';
import { type PlanChoice, planFor } from './plan-for.js';
import { readReport } from './read-report.js';
import type { ParsedCheckin } from './report-reading.js';
import type { Roster } from './roster.js';

// A stored question back about which plan a report is for: this marker, the plans offered, then the report.
const PLAN_ASK = /^\[plans:([^\]]*)\] /;
// A stored question back about a part of a report filed under a plan (several plans loaded).
const PART_OF = /^\[plan:([^\]]+)\] /;

/** The sender's open question back: its text (markers removed), the plan it is about, the plans offered if any. */
export interface OpenAsk {
  text: string;
  at: string;
  plan: Plan;
  /** Set when the question is which plan a report is for. */
  choose?: Plan[];
}

/** Reads a stored question back: `[plans:A,B] report` asks which plan; `[plan:A] part` is about a part in plan A. */
export function openAsk(p: { text: string; at: string }, plans: PlanSet): OpenAsk {
  const ask = PLAN_ASK.exec(p.text);
  if (ask) {
    const choose = (ask[1] ?? '')
      .split(',')
      .map((id) => plans.get(id))
      .filter((x): x is Plan => x !== undefined);
    return { text: p.text.slice(ask[0].length), at: p.at, plan: choose[0] ?? plans.first, choose };
  }
  const m = PART_OF.exec(p.text);
  const plan = (m && plans.get(m[1] as string)) || plans.first;
  return { text: m ? p.text.slice(m[0].length) : p.text, at: p.at, plan };
}

/** The plan an answer to "哪个方案？" names: its number in the list offered, or one of its names. */
export function planChosen(text: string, among: Plan[]): Plan | undefined {
  const t = text.trim().replace(/[\s。.!！,，]+$/g, '');
  const n = /^(?:第\s*)?(\d{1,2})\s*(?:个|项)?(?:方案)?$/.exec(t)?.[1];
  if (n) return among[Number(n) - 1];
  const named = [...new Set(findPlanMentions(t, among).map((m) => m.plan))];
  return named.length === 1 ? among.find((p) => p.id === named[0]) : undefined;
}

/** The plan a message is first read with: the sender's unit's first plan (task titles are a plan's own). */
export function readingPlan(roster: Roster, msg: Pick<IncomingMessage, 'platform' | 'sender'>): Plan {
  const bound = roster.memberOf(msg.platform, msg.sender.id);
  return (bound && roster.tasksOf(bound.unit)[0]?.plan) || roster.plans.first;
}

/** What filing a report under its plan needs of the check-in desk. */
export interface FilingDesk {
  roster: Roster;
  plans: PlanSet;
  store: Store;
  clock: Clock;
  /** Reads, checks and records a report within one plan, and confirms it. */
  reportIn(plan: Plan, msg: IncomingMessage, given?: ParsedCheckin): Promise<Outgoing[]>;
  /** The sender's open question back. */
  pending(msg: IncomingMessage): OpenAsk | undefined;
  /** How a reply answers an open question about a part of a report: yes (it answers it), no, or not at all. */
  answers(text: string, pending: OpenAsk): 'yes' | 'no' | undefined;
  /** The reply to someone not bound to a unit. */
  unbound(msg: IncomingMessage): string;
}

/** Task numbers a line names, as the report reader reads them. */
function taskNumbers(line: string, plan: Plan): number[] {
  const r = readReport(line, plan.kb);
  return [...new Set([...r.items, ...r.unclear].flatMap((i) => i.tasks ?? []))];
}

/**
 * Files a liaison's report under its plan (plan-for.ts), then hands each part to the desk: a unit with tasks in one
 * plan files there; otherwise each line goes to the plan named in it or above it (or in the quoted message), or to
 * the one plan in which the unit has the task; when the unit has that task number in two plans, it asks which, and
 * the answer (the number or a name) files the report waiting. A form names its plan; a stopped plan takes nothing.
 */
export async function fileReport(
  d: FilingDesk,
  msg: IncomingMessage,
  given?: ParsedCheckin,
  planId?: string,
): Promise<Outgoing[]> {
  const to = replyAddress(msg);
  const bound = d.roster.memberOf(msg.platform, msg.sender.id);
  if (!bound) return [{ to, text: d.unbound(msg) }];
  if (given) return d.reportIn((planId && d.plans.get(planId)) || readingPlan(d.roster, msg), msg, given);
  const key = `${msg.platform}:${msg.sender.id}`;
  const pending = d.pending(msg);
  let text = msg.text;
  let prefer: Plan | undefined;
  if (pending?.choose) {
    // the answer to "which plan?" files the report asked about; anything else is a new message
    d.store.clearPending(key);
    prefer = planChosen(msg.text, pending.choose);
    if (prefer) text = pending.text;
    else if (d.answers(msg.text, pending) === 'no') {
      await d.store.commit().catch(() => {});
      return [{ to, text: '好的，这条汇报未记录。' }];
    }
  } else if (pending && d.answers(msg.text, pending) !== undefined) {
    // the answer to a question about a part of a report goes to the plan that part was filed under
    return d.reportIn(pending.plan, msg);
  }
  const mine = d.roster.tasksOf(bound.unit);
  const all = d.plans.plansOf(bound.unit);
  if (mine.length === 0 && all.length > 0)
    return [
      {
        to,
        text: `没有记录：${bound.unit}的任务所在方案（${all.map((p) => p.short).join('、')}）已停用，不再收集汇报。`,
      },
    ];
  const choice: PlanChoice = planFor(
    mine,
    text,
    msg.quote?.text,
    d.plans.list,
    (line) => taskNumbers(line, mine[0]?.plan ?? d.plans.first),
    prefer,
  );
  if (choice.kind === 'ask') {
    const lines = choice.plans.map((p, i) => {
      const nos = choice.tasks.filter((n) => mine.some((t) => t.plan === p && t.task.no === n));
      return `${i + 1}. ${p.short}：${nos.map((n) => `任务${n}「${p.kb.tasks[n - 1]?.title ?? ''}」`).join('、')}`;
    });
    d.store.setPending(key, `[plans:${choice.plans.map((p) => p.id).join(',')}] ${text}`, d.clock.now());
    await d.store.commit().catch(() => {});
    const tasks = choice.tasks.join('、');
    return [
      {
        to,
        text: `请问这条汇报的任务${tasks}是哪个方案的？${bound.unit}在${choice.plans.length}个方案中都有任务${tasks}：\n${lines.join('\n')}\n请回复序号或方案名称；以后也可以在任务前写上方案名称，例如：${choice.plans[0]?.short} 任务${choice.tasks[0]} 进度60%`,
      },
    ];
  }
  if (choice.parts.length === 1) {
    const part = choice.parts[0] as { plan: Plan; text: string };
    return d.reportIn(part.plan, { ...msg, text: part.text });
  }
  // lines for several plans: each filed under its plan, the confirmations in one reply
  const texts: string[] = [];
  for (const part of choice.parts)
    for (const o of await d.reportIn(part.plan, { ...msg, text: part.text }))
      if ('text' in o && o.text) texts.push(o.text);
  return [{ to, text: texts.join('\n\n') }];
}
