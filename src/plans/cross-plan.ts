import type { Plan } from '../knowledge/plan-set.js';
import { tokenize } from '../language/tokenize.js';
import { allPlansWord } from './find-plan-mention.js';
import type { PlanDesk } from './plan-desk.js';

/** Words that ask for a number. */
const COUNT = /多少|几项|几个|一共|总共|合计|共计|总数|数量/;
/** Words that ask which plans (rather than what is in them). */
const WHICH = /哪些方案|哪个方案|几个方案|多少个方案/;

/** A unit's numbered tasks in one plan, and how many it leads. */
function unitTasks(plan: Plan, unit: string): { nos: number[]; lead: number } {
  const tasks = plan.kb.tasks.filter((t) => t.units.includes(unit));
  return { nos: tasks.map((t) => t.no), lead: tasks.filter((t) => t.units[0] === unit).length };
}

/**
 * A question across plans (哪些方案里有县财政局的任务, 县财政局一共负责多少项任务（所有方案）, or one naming two
 * plans): for a unit, its tasks in each plan and the total, read from the plans; otherwise the question without
 * the words across plans answered by each plan's own answerer, with the plans that can answer it named.
 */
export function crossPlanAnswer(
  text: string,
  desk: PlanDesk,
  scope?: Plan[],
): { text: string; found: boolean } {
  const plans = scope ?? [...desk.set.list];
  const marker = allPlansWord(text);
  const rest = (marker ? `${text.slice(0, marker.at)}方案${text.slice(marker.end)}` : text)
    .replace(/[（(]\s*方案\s*[）)]/g, '')
    .replace(/^\s*方案(?:[里中内]|当中)?/, '')
    .trim();
  const units = [
    ...new Set(
      tokenize(text, desk.lexicon())
        .spans.filter((s) => s.kind === 'unit')
        .map((s) => (s.kind === 'unit' ? s.name : '')),
    ),
  ];
  if (units.length === 1) {
    const unit = units[0] as string;
    const per = plans.map((p) => ({ p, ...unitTasks(p, unit) })).filter((x) => x.nos.length > 0);
    if (per.length === 0)
      return { text: `${plans.length}个方案中都没有${unit}负责的重点任务。`, found: false };
    const total = per.reduce((n, x) => n + x.nos.length, 0);
    const lines = per.map(
      (x) =>
        `• ${x.p.short}（${x.p.kb.document.docNumber}）：${x.nos.length}项（牵头${x.lead}项）：${x.nos.map((n) => `任务${n}`).join('、')}`,
    );
    const head = WHICH.test(text)
      ? `${unit}在${per.length}个方案中有重点任务：`
      : `${unit}在${plans.length}个方案中共负责${total}项重点任务：`;
    const tail = per.length > 1 || COUNT.test(text) ? `\n合计${total}项（${per.length}个方案）。` : '';
    return { text: `${head}\n${lines.join('\n')}${tail}`, found: true };
  }
  const answers = plans.map((p) => ({ p, a: desk.qa(p).answer(rest || text) })).filter((x) => x.a.found);
  if (answers.length === 0)
    return { text: desk.qa(plans[0] as Plan).answer(rest || text).text, found: false };
  const parts = answers.map((x) => `${desk.label(x.p)}${x.a.text}`);
  const head = WHICH.test(text)
    ? `${answers.length}个方案中有相关内容：${answers.map((x) => x.p.short).join('、')}。\n`
    : '';
  return { text: `${head}${parts.join('\n\n')}`, found: true };
}
