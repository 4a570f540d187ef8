import type { Knowledge } from '../knowledge/schema.js';

/** Something the preview reports: an error blocks the import, a warning is worth a look before confirming. */
export interface PreviewProblem {
  severity: 'error' | 'warning';
  message: string;
  /** Where it is: the line of a .txt, or the paragraph of a Word file, PDF or web page (counted from 1). */
  line?: number;
  paragraph?: number;
  /** The start of that line, so that the reader can find it in a Word file, PDF or web page. */
  excerpt?: string;
}

/** Units whose names differ in one character only (县人社局 / 县人设局): perhaps one unit mistyped. */
function nearNames(names: string[]): [string, string][] {
  const out: [string, string][] = [];
  names.forEach((a, i) => {
    for (const b of names.slice(i + 1)) {
      if (a.length !== b.length || a.length < 4) continue;
      let diff = 0;
      for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) diff++;
      if (diff === 1) out.push([a, b]);
    }
  });
  return out;
}

/**
 * What an imported plan has that the person importing it should check: missing document facts, figures whose
 * subject could not be read, tasks without any deadline, safeguards without units, unit names one character
 * apart. None of these blocks the import; an overlay or a corrected file fixes them.
 */
export function planWarnings(k: Knowledge): PreviewProblem[] {
  const out: PreviewProblem[] = [];
  const warn = (message: string) => out.push({ severity: 'warning', message });
  if (!k.document.docNumber) warn('没有读到文号（如“稷政发〔2021〕6号”）。');
  if (!k.document.issuer) warn('没有读到印发机关（“…关于印发…的通知”一行）。');
  if (!k.document.issuedOn) warn('没有读到成文日期（落款的“2021年4月28日”一行）。');
  for (const [kind, list] of [
    ['任务', k.tasks],
    ['保障机制', k.safeguards],
  ] as const) {
    for (const x of list) {
      for (const t of x.targets) {
        if (t.what === '指标' || t.what.length > 30) {
          warn(
            `${kind}${x.no}的数字“${t.value}${t.unit}”没有读清它指的是什么（读作“${t.what}”）：可在 overlay 的 ${kind === '任务' ? 'tasks' : 'safeguards'}.${x.no}.targets 里写明。`,
          );
        }
      }
    }
  }
  const none = k.tasks.filter((t) => t.deadline.source === 'none').map((t) => t.no);
  if (none.length) warn(`任务${none.join('、')}没有时限，发展目标中也没有“到某年”的时限。`);
  const noUnits = k.safeguards.filter((s) => s.units.length === 0).map((s) => s.no);
  if (noUnits.length && noUnits.length < k.safeguards.length) {
    warn(`保障机制${noUnits.join('、')}没有写责任单位。`);
  }
  for (const [a, b] of nearNames(k.units.map((u) => u.name))) {
    warn(`责任单位“${a}”和“${b}”只差一个字，是否同一个单位写错了？`);
  }
  return out;
}
