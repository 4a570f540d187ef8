import { importPlan } from '../knowledge/import-plan.js';
import type { Overlay } from '../knowledge/overlay-schema.js';
import { readFigures } from '../knowledge/read-figures.js';
import type { Knowledge } from '../knowledge/schema.js';
import { PlanFileError } from './plan-file-error.js';
import { type PreviewProblem, planWarnings } from './preview-problems.js';
import { type PlanFormat, readPlanFile } from './read-plan-file.js';
import { renderPreview } from './render-preview.js';

/** A plan file read and imported, not yet saved: the plan (none when an error blocks it), the preview message,
 * every problem, the format read and the text the importer parsed. */
export interface ImportPreview {
  plan?: Knowledge;
  text: string;
  problems: PreviewProblem[];
  format?: PlanFormat;
  source?: string;
}

/** Where line `n` (1-based) of the text read is for the reader: the line of a .txt, else the paragraph of the
 * Word file, PDF or page (the readers write one paragraph a line); with the start of its text. */
export function placeOf(
  text: string,
  n: number,
  format: PlanFormat,
): Pick<PreviewProblem, 'line' | 'paragraph' | 'excerpt'> {
  const lines = text.split('\n');
  const line = lines[n - 1]?.trim() ?? '';
  const excerpt = line ? (line.length > 24 ? `${line.slice(0, 24)}…` : line) : undefined;
  if (format === 'txt') return { line: n, excerpt };
  return { paragraph: lines.slice(0, n).filter((l) => l.trim()).length, excerpt };
}

/**
 * Reads a plan file of any accepted format, imports it and renders the preview an admin confirms before the plan
 * is added; platform-neutral and never throwing for a bad file (the reason is a problem of the result). Nothing
 * is written.
 */
export async function previewImport(
  bytes: Uint8Array,
  fileName: string,
  o: { overlay?: Overlay } = {},
): Promise<ImportPreview> {
  let read: Awaited<ReturnType<typeof readPlanFile>>;
  try {
    read = await readPlanFile(bytes, fileName);
  } catch (e) {
    if (!(e instanceof PlanFileError)) throw e;
    const problems: PreviewProblem[] = [{ severity: 'error', message: e.message }];
    return { text: renderPreview(fileName, undefined, undefined, problems), problems };
  }
  const at = (line: number) => placeOf(read.text, line, read.format);
  const fromReader: PreviewProblem[] = read.warnings.map((message) => ({ severity: 'warning', message }));
  const r = importPlan(read.text, o.overlay);
  if (!r.ok) {
    const problems: PreviewProblem[] = [
      ...r.problems.map((p) => ({ severity: 'error' as const, message: p.message, ...at(p.line) })),
      ...fromReader,
    ];
    return {
      text: renderPreview(fileName, read.format, undefined, problems),
      problems,
      format: read.format,
      source: read.text,
    };
  }
  const problems: PreviewProblem[] = [
    ...fromReader,
    ...r.notes.map((p) => ({ severity: 'warning' as const, message: p.message, ...at(p.line) })),
    ...planWarnings(r.knowledge),
  ];
  const goalFigures = readFigures(r.knowledge.goals.text);
  return {
    plan: r.knowledge,
    text: renderPreview(fileName, read.format, r.knowledge, problems, goalFigures),
    problems,
    format: read.format,
    source: read.text,
  };
}
