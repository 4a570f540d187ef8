import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readFigures } from '../knowledge/read-figures.js';
import type { Knowledge, Target } from '../knowledge/schema.js';
import { projectRoot } from '../project-root.js';
import type { ImportPreview } from './preview-import.js';
import type { PreviewProblem } from './preview-problems.js';
import { FORMAT_NAMES, figure, problemLine, ranges } from './render-preview.js';

const fixesSchema = z.object({
  $comment: z.string().optional(),
  fixes: z.array(z.object({ when: z.string().min(1), fix: z.string().min(1) })),
});

let fixes: z.infer<typeof fixesSchema>['fixes'] | undefined;

/** How to fix the errors of a preview (problem-fixes.json): one line per kind of error, in the errors' order. */
export function fixesFor(problems: PreviewProblem[]): string[] {
  fixes ??= fixesSchema.parse(
    JSON.parse(readFileSync(path.join(projectRoot(), 'src/import/problem-fixes.json'), 'utf8')),
  ).fixes;
  const out: string[] = [];
  for (const p of problems) {
    if (p.severity !== 'error') continue;
    const hit = fixes.find((f) => p.message.includes(f.when));
    if (hit && !out.includes(hit.fix)) out.push(hit.fix);
  }
  return out;
}

/** How many groups are listed a line each; more are joined on one line. */
const GROUP_LINES = 6;
/** How many tasks with their own deadline are named. */
const DEADLINES = 6;
/** How many characters of what a figure counts are shown. */
const WHAT = 16;

/** The lines of a plan that imports: facts, tasks by group, units, deadlines, a few figures, safeguards. */
function planLines(k: Knowledge, fileName: string, p: ImportPreview, maxFigures: number): string[] {
  const d = k.document;
  const lines = [
    `方案预览：《${d.title}》`,
    [
      `文号：${d.docNumber || '（未读到）'}`,
      `印发：${d.issuer || '（未读到）'}`,
      `成文日期：${d.issuedOnText || '（未读到）'}`,
    ].join('｜'),
    `来源：${fileName}${p.format ? `（${FORMAT_NAMES[p.format]}）` : ''}`,
  ];
  const groups = k.groups.map((g) => `（${g.numeral}）${g.title}：任务${ranges(g.tasks)}`);
  lines.push(`重点任务${k.tasks.length}项，分${k.groups.length}组${groups.length ? '：' : '。'}`);
  if (groups.length <= GROUP_LINES) lines.push(...groups);
  else lines.push(groups.join('；'));
  const leads = new Map<string, number>();
  for (const t of k.tasks) if (t.units[0]) leads.set(t.units[0], (leads.get(t.units[0]) ?? 0) + 1);
  lines.push(
    `责任单位${k.units.length}个：${k.units.map((u) => `${u.name}${leads.has(u.name) ? `（牵头${leads.get(u.name)}项）` : ''}`).join('、')}`,
  );
  const own = k.tasks.filter((t) => t.deadline.source === 'explicit');
  const named = own
    .slice(0, DEADLINES)
    .map((t) => `任务${t.no}（${t.deadline.text}）`)
    .join('、');
  lines.push(
    `时限：${k.goals.deadline ? `发展目标到${k.goals.deadline.text}` : '发展目标未写时限'}${own.length ? `；单列时限的任务${own.length}项：${named}${own.length > DEADLINES ? '等' : ''}` : ''}`,
  );
  // what a figure counts, cut short here (the full preview and the problems keep it whole)
  const short = (x: Target) =>
    figure({ ...x, what: x.what.length > WHAT ? `${x.what.slice(0, WHAT)}…` : x.what });
  const figures = [
    ...k.tasks.flatMap((t) => t.targets.map((x) => `任务${t.no}：${short(x)}`)),
    ...k.safeguards.flatMap((s) => s.targets.map((x) => `保障机制${s.no}：${short(x)}`)),
    ...readFigures(k.goals.text).map((x) => `发展目标：${short(x)}`),
  ];
  const shown = figures.slice(0, maxFigures);
  lines.push(
    figures.length
      ? `数字指标${figures.length}个：${shown.join('；')}${figures.length > shown.length ? `……（发送“完整预览”查看全部）` : ''}`
      : '数字指标：没有读到。',
  );
  if (k.safeguards.length) lines.push(`保障机制${k.safeguards.length}条`);
  return lines;
}

/**
 * The preview of a plan file as a chat reply, short enough for one phone screen where it can: the document's
 * facts, tasks by group, units (with the tasks each leads), deadlines, the first figures (发送“完整预览” shows the
 * full preview), and every problem with its line. A file that cannot be imported lists every error, how to fix each
 * kind (problem-fixes.json) and that nothing was imported. The caller adds what to reply next.
 */
export function renderChatPreview(
  p: ImportPreview,
  fileName: string,
  o: { maxFigures?: number } = {},
): string {
  const errors = p.problems.filter((x) => x.severity === 'error');
  const warnings = p.problems.filter((x) => x.severity === 'warning');
  const numbered = (list: PreviewProblem[]) => list.map((x, i) => `${i + 1}. ${problemLine(x)}`);
  if (!p.plan) {
    const how = fixesFor(p.problems);
    return [
      `无法导入“${fileName}”${p.format ? `（${FORMAT_NAMES[p.format]}）` : ''}：`,
      ...numbered(errors),
      ...warnings.map((w) => `另外：${problemLine(w)}`),
      ...(how.length ? ['怎么改：', ...how.map((h) => `• ${h}`)] : []),
      '什么都没有导入。',
    ].join('\n');
  }
  return [
    ...planLines(p.plan, fileName, p, o.maxFigures ?? 3),
    ...(warnings.length
      ? [`需要核对（${warnings.length}处，不影响导入）：`, ...numbered(warnings)]
      : ['没有发现需要核对的问题。']),
  ].join('\n');
}
