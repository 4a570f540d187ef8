import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../project-root.js';

const words = z.array(z.string().min(1));
const reportWordsSchema = z.object({
  $comment: z.string().optional(),
  oldFigureBefore: words,
  oldFigureAfter: words,
  alternatives: words,
  correction: words,
  activity: words,
  delta: words,
  notReached: words,
  total: words,
  laterReport: words,
  uncertain: words,
  notActivity: words,
  doneSubjects: words,
  future: words,
  metric: words,
  wholeTask: words,
  partialAfterDone: words,
  sameAsAbove: words,
  respectively: words,
  progressWords: words,
  strongProgress: words,
  plainStatus: words,
  money: words,
  progressCues: words,
  weakProgressCues: words,
  /** After a bare numeral that names one of the tasks just listed (任务三和任务四 三是80% 四呢 四是50%). */
  boundAfter: words,
  /** An obstacle named without a status word (用地手续未批, 设备未到位): the item is 受阻. */
  obstacles: words,
  negators: words,
  fillers: words,
  selfCorrection: words,
  confirmWords: words,
  forgotten: words,
  rowJoiners: words,
  discourse: z.object({
    forward: words,
    otherPeriod: words,
    planLabel: words,
    plan: words,
    example: words,
    planText: words,
    joke: words,
    hold: words,
    cancel: words,
    final: words,
    supplement: words,
    currentPeriod: words,
  }),
  sections: z.object({ progress: words, problems: words, plans: words }),
  wholeWork: words,
  documentTitle: words,
  documentIntro: words,
  tableHeaders: z.object({
    row: words,
    task: words,
    name: words,
    progress: words,
    status: words,
    note: words,
  }),
  titleVerbs: words,
  titleTails: words,
  titlePrefixes: words,
  inexactAfter: words,
  partOf: words,
  /** An apology right after a report, with a figure or a status and no task: it mends that report. */
  apology: words,
  unchanged: words,
  rangeWords: words,
  spokenFigure: words,
  bareFigureAfter: words,
  correctedFigureAfter: words,
});

/** The report reader's word lists (report-words.json). */
export type ReportWords = z.infer<typeof reportWordsSchema>;

let cached: ReportWords | undefined;

/** The report reader's word lists, read and validated once. */
export function reportWords(): ReportWords {
  cached ??= reportWordsSchema.parse(
    JSON.parse(readFileSync(path.join(projectRoot(), 'src/checkins/report-words.json'), 'utf8')),
  );
  return cached;
}
