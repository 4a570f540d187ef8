import type { Knowledge, Target } from '../knowledge/schema.js';
import type { PreviewProblem } from './preview-problems.js';
import type { PlanFormat } from './read-plan-file.js';

/** How each format is named in a preview. */
export const FORMAT_NAMES: Record<PlanFormat, string> = {
  txt: '文本文件',
  html: '网页',
  docx: 'Word 文档',
  pdf: 'PDF',
  doc: 'Word 97-2003 文档（已用 LibreOffice 转换）',
  wps: 'WPS 文档（已用 LibreOffice 转换）',
};

/** A figure as the preview lists it: what it counts, the value and its deadline. */
export const figure = (t: Target): string =>
  `${t.what} ${t.value}${t.unit}${t.deadline ? `（${t.deadline}）` : ''}`;

/** Task numbers as ranges: 1、2、3、5 → 1–3、5. */
export function ranges(nos: number[]): string {
  const out: string[] = [];
  let start = nos[0];
  nos.forEach((n, i) => {
    const next = nos[i + 1];
    if (next === n + 1) return;
    out.push(start === n ? `${n}` : `${start}–${n}`);
    start = next;
  });
  return out.join('、');
}

/** A problem as one line: where it is (line and the start of the paragraph) and what it is. */
export function problemLine(p: PreviewProblem): string {
  const at = p.line ? `第${p.line}行` : p.paragraph ? `第${p.paragraph}段` : '';
  const where = at ? `${at}${p.excerpt ? `「${p.excerpt}」` : ''}：` : '';
  return `${where}${p.message}`;
}

/**
 * The preview of an imported plan, as a chat message: title, 文号, issuer and dates; the tasks by group with
 * their units; the units with how many tasks each leads; the deadlines; every figure found (in the goals too);
 * and every problem with its line.
 */
export function renderPreview(
  fileName: string,
  format: PlanFormat | undefined,
  k: Knowledge | undefined,
  problems: PreviewProblem[],
  goalFigures: Target[] = [],
): string {
  const lines: string[] = [];
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (!k) {
    lines.push(`无法导入“${fileName}”${format ? `（${FORMAT_NAMES[format]}）` : ''}：`);
    errors.forEach((p, i) => {
      lines.push(`${i + 1}. ${problemLine(p)}`);
    });
    // what the reader could not read often explains the errors (a scanned page, for one)
    for (const w of warnings) lines.push(`另外：${problemLine(w)}`);
    lines.push('请改正文件后重新发送；什么都没有导入。');
    return lines.join('\n');
  }
  const d = k.document;
  lines.push(`方案预览：《${d.title}》`);
  lines.push(
    [
      `文号：${d.docNumber || '（未读到）'}`,
      `印发：${d.issuer || '（未读到）'}`,
      `成文日期：${d.issuedOnText || '（未读到）'}`,
      ...(d.publishedOn ? [`发布：${d.publishedOn}`] : []),
    ].join('｜'),
  );
  lines.push(`来源：${fileName}${format ? `（${FORMAT_NAMES[format]}）` : ''}`);
  lines.push('');
  lines.push(`重点任务${k.tasks.length}项，分${k.groups.length}组：`);
  for (const g of k.groups) lines.push(`（${g.numeral}）${g.title}：任务${ranges(g.tasks)}`);
  lines.push('');
  const leads = new Map<string, number>();
  const parts = new Map<string, number>();
  for (const t of k.tasks) {
    leads.set(t.units[0] ?? '', (leads.get(t.units[0] ?? '') ?? 0) + 1);
    for (const u of t.units) parts.set(u, (parts.get(u) ?? 0) + 1);
  }
  lines.push(`责任单位${k.units.length}个（牵头/参与的任务数）：`);
  lines.push(
    k.units
      .map(
        (u) =>
          `${u.name}${parts.has(u.name) ? `（${leads.get(u.name) ?? 0}/${parts.get(u.name)}）` : '（仅保障机制）'}`,
      )
      .join('、'),
  );
  lines.push('');
  const own = k.tasks.filter((t) => t.deadline.source === 'explicit');
  lines.push(`时限：发展目标${k.goals.deadline ? `“到${k.goals.deadline.text}”` : '未写时限'}`);
  if (own.length)
    lines.push(`单列时限的任务：${own.map((t) => `任务${t.no}（${t.deadline.text}）`).join('、')}`);
  lines.push('');
  const figures = [
    ...k.tasks.flatMap((t) => t.targets.map((x) => `• 任务${t.no}：${figure(x)}`)),
    ...k.safeguards.flatMap((s) => s.targets.map((x) => `• 保障机制${s.no}：${figure(x)}`)),
    ...goalFigures.map((x) => `• 发展目标：${figure(x)}`),
  ];
  lines.push(`数字指标${figures.length}个${figures.length ? '：' : '。'}`);
  lines.push(...figures);
  if (k.safeguards.length) {
    lines.push('');
    lines.push(`保障机制${k.safeguards.length}条：${k.safeguards.map((s) => s.title).join('、')}`);
  }
  lines.push('');
  if (warnings.length) {
    lines.push(`需要核对（${warnings.length}处，不影响导入）：`);
    warnings.forEach((p, i) => {
      lines.push(`${i + 1}. ${problemLine(p)}`);
    });
  } else lines.push('没有发现需要核对的问题。');
  return lines.join('\n');
}
