import type { Plan } from '../knowledge/plan-set.js';
import { findPlanMentions } from '../plans/find-plan-mention.js';
import type { UnitTask } from './roster.js';

/** Under which plan a report is filed: one plan, its lines split between plans, or a question back. */
export type PlanChoice =
  /** Each plan with the lines filed under it, plan names taken out (one part when the report is for one plan). */
  | { kind: 'file'; parts: { plan: Plan; text: string }[] }
  /** The unit has these task numbers in several plans and nothing says which: ask, listing `plans`. */
  | { kind: 'ask'; plans: Plan[]; tasks: number[] };

/**
 * The plan a report is filed under, line by line: a plan named in the line (职教行动计划 任务14 …) or in a line of
 * its own above it (a heading), else in the quoted prompt when it names one plan, else the one plan in which the
 * unit has every task the line names (任务14 of a unit that has task 14 in one plan only), else the plan named on
 * a line before when it is one of those, else `prefer` (the
 * answer to an earlier question back) or the plan of the previous line. A line without a task number goes with
 * the line before it. A unit with tasks in one plan files everything there. `tasks` are the unit's, in every plan
 * that takes reports.
 */
export function planFor(
  tasks: UnitTask[],
  text: string,
  quote: string | undefined,
  plans: readonly Plan[],
  read: (line: string) => number[],
  prefer?: Plan,
): PlanChoice {
  const own = [...new Set(tasks.map((t) => t.plan))];
  if (own.length <= 1)
    return { kind: 'file', parts: [{ plan: own[0] ?? prefer ?? (plans[0] as Plan), text }] };
  const namedIn = (s: string) => [
    ...new Set(findPlanMentions(s, own).map((m) => own.find((p) => p.id === m.plan) as Plan)),
  ];
  const quoted = quote ? namedIn(quote) : [];
  const fromQuote = quoted.length === 1 ? quoted[0] : undefined;
  const lines = text.split(/\r?\n/);
  const chosen: (Plan | undefined)[] = [];
  const unclear = new Set<number>();
  let heading: Plan | undefined;
  let prev: Plan | undefined;
  // the plan the liaison last named (on a line of its own or before a task): it carries on to lines that need it
  let lastNamed: Plan | undefined;
  let ambiguous: Plan[] = [];
  lines.forEach((line, i) => {
    const named = namedIn(line);
    const nos = line.trim() ? read(line) : [];
    if (named.length === 1 && nos.length === 0) heading = named[0];
    if (named.length === 1) lastNamed = named[0];
    let plan: Plan | undefined = named.length === 1 ? named[0] : (heading ?? fromQuote);
    if (!plan && nos.length) {
      const fits = own.filter((p) => nos.every((n) => tasks.some((t) => t.plan === p && t.task.no === n)));
      if (fits.length === 1) plan = fits[0];
      else if (fits.length > 1 && lastNamed && fits.includes(lastNamed)) plan = lastNamed;
      else if (prefer) plan = prefer;
      else if (fits.length > 1) {
        for (const n of nos) unclear.add(n);
        ambiguous = fits;
      } else {
        // the unit has these numbers in no plan: filed where it has most of them, which names what is not its own
        plan = [...own].sort(
          (a, b) =>
            nos.filter((n) => tasks.some((t) => t.plan === b && t.task.no === n)).length -
            nos.filter((n) => tasks.some((t) => t.plan === a && t.task.no === n)).length,
        )[0];
      }
    }
    if (!plan && nos.length === 0) plan = prev;
    chosen[i] = plan;
    if (plan) prev = plan;
  });
  if (unclear.size) return { kind: 'ask', plans: ambiguous, tasks: [...unclear].sort((a, b) => a - b) };
  // lines before the first that says its plan (a greeting, a note) go with the first plan said
  const first = chosen.find((p) => p !== undefined) ?? prefer;
  if (!first) return { kind: 'ask', plans: own, tasks: [] };
  const parts: { plan: Plan; text: string }[] = [];
  lines.forEach((line, i) => {
    const plan = chosen[i] ?? first;
    const last = parts[parts.length - 1];
    if (last?.plan === plan) last.text += `\n${line}`;
    else parts.push({ plan, text: line });
  });
  // plan names are taken out, and a heading line (职教行动计划：) left empty is no report of its own
  const clean = (t: string) =>
    t
      .split('\n')
      .map((l) => {
        // only a name the line starts with: the same words inside a note are the liaison's own
        const lead = /^[\s•·\-*【[(（]*/.exec(l)?.[0].length ?? 0;
        const m = findPlanMentions(l, own).find((x) => x.at === lead);
        const out = m
          ? `${l.slice(0, m.at).replace(/[【[(（]+$/, '')}${l.slice(m.end).replace(/^[】\])）]+/, '')}`
          : l;
        return out.replace(/^[\s:：,，、。.]+/, '').trimEnd();
      })
      .filter((l) => l.trim())
      .join('\n');
  const byPlan = [...new Set(parts.map((p) => p.plan))].map((plan) => ({
    plan,
    text: clean(
      parts
        .filter((p) => p.plan === plan)
        .map((p) => p.text)
        .join('\n'),
    ),
  }));
  const filed = byPlan.filter((p) => p.text);
  return { kind: 'file', parts: filed.length ? filed : [{ plan: first, text }] };
}
