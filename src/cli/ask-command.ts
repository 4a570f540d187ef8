import { createInterface } from 'node:readline';
import type { Plan, PlanSet } from '../knowledge/plan-set.js';
import { toSimplified } from '../language/to-simplified.js';
import { PlanDesk } from '../plans/plan-desk.js';
import { routeQuestion, type Waiting, whichPlanText } from '../plans/plan-question-handler.js';
import type { Answer } from '../qa/answer.js';
import type { QuestionAnswerer } from '../qa/answer-question.js';
import type { Conversation as Turn } from '../qa/conversation.js';

/**
 * `plan-bot ask "question"` prints the answer; `ask --json` answers stdin line by line as JSON lines, in order, each
 * with the id of the plan that answered it (`plan`, null when the bot asks which plan). Each line stands alone
 * unless `dialog` is set: then a line may follow up on the one before ("那16呢"), or answer "which plan?".
 */
export async function askCommand(
  plans: PlanSet | QuestionAnswerer,
  args: { questions: string[]; json: boolean; dialog?: boolean },
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream },
): Promise<number> {
  const desk = 'list' in plans ? new PlanDesk(plans) : undefined;
  const only = 'list' in plans ? undefined : plans;
  const turns = new Map<string, Turn>();
  let recent: string | undefined;
  let waiting: Waiting | undefined;
  const ask = (qa: QuestionAnswerer, plan: string, q: string): Answer => {
    const r = args.dialog ? qa.converse(q, turns.get(plan)) : { answer: qa.answer(q), turn: turns.get(plan) };
    if (r.turn) turns.set(plan, r.turn);
    return r.answer;
  };
  const line = (question: string) => {
    let a: Pick<Answer, 'text' | 'found' | 'tasks' | 'units'>;
    let plan: Plan | undefined;
    if (!desk || !desk.many) {
      const qa = only ?? (desk as PlanDesk).qa((desk as PlanDesk).set.first);
      plan = desk?.set.first;
      a = ask(qa, plan?.id ?? '', question);
    } else {
      const route = routeQuestion(desk, toSimplified(question), {
        ...(args.dialog && recent ? { recent } : {}),
        ...(args.dialog && waiting ? { waiting } : {}),
      });
      waiting = undefined;
      if (route.kind === 'answer') {
        plan = route.plan;
        if (args.dialog) recent = plan.id;
        const r = ask(desk.qa(plan), plan.id, route.text);
        a = { ...r, text: `${desk.label(plan)}${r.text}` };
      } else if (route.kind === 'ask') {
        if (args.dialog) waiting = { text: route.text, plans: route.plans.map((p) => p.id) };
        a = { text: whichPlanText(desk, route.plans, route.text), found: false, tasks: [], units: [] };
      } else a = { text: route.text, found: route.found, tasks: [], units: [] };
    }
    return args.json
      ? JSON.stringify({
          question,
          text: a.text,
          found: a.found,
          tasks: a.tasks,
          units: a.units,
          plan: plan?.id ?? null,
        })
      : a.text;
  };
  if (args.questions.length > 0) {
    for (const q of args.questions) io.output.write(`${line(q)}\n`);
    return 0;
  }
  if (!args.json) {
    io.output.write('usage: plan-bot ask "任务14谁负责"   or   plan-bot ask --json < questions.txt\n');
    return 2;
  }
  const rl = createInterface({ input: io.input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
  let buf = '';
  for await (const q of rl) {
    buf += `${line(q)}\n`;
    if (buf.length > 1 << 16) {
      io.output.write(buf);
      buf = '';
    }
  }
  io.output.write(buf);
  return 0;
}
