import { z } from 'zod';
import type { Knowledge } from '../knowledge/schema.js';
import { lexiconFor } from '../language/lexicon.js';
import { parseNumeral } from '../language/numerals.js';
import type { Tokens } from '../language/spans.js';
import { tokenize } from '../language/tokenize.js';
import { STATUSES } from '../shared/status.js';

/** A record the bot proposes: what would be written if the liaison confirms. */
const proposalSchema = z.strictObject({
  task: z.number().int().positive().optional(),
  progress: z.number().min(0).max(100).nullable(),
  status: z.enum(STATUSES),
  note: z.string(),
  statusStated: z.boolean().optional(),
});

/** A proposed record. */
export type Proposal = z.infer<typeof proposalSchema>;

const week = z.string().regex(/^\d{4}-W\d{2}$/);

/**
 * What the bot asked a liaison and waits for (kept in the store's ask-backs as JSON, for 30 minutes):
 * confirm the proposed records (是 / 否 / 修改), choose one reading of a figure (1, 2 …, or a figure), or name the
 * task of a report that named none (a task number, 是 for the suggested one).
 */
export const pendingAskSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('confirm'),
    week,
    items: z.array(proposalSchema).min(1),
    why: z.array(z.string()),
  }),
  z.strictObject({
    kind: z.literal('choose'),
    week,
    tasks: z.array(z.number().int().positive()).optional(),
    text: z.string(),
    readings: z.array(proposalSchema),
  }),
  z.strictObject({
    kind: z.literal('task'),
    week,
    items: z.array(proposalSchema).min(1),
    hint: z.number().int().positive().optional(),
  }),
]);

/** An open ask-back. */
export type PendingAsk = z.infer<typeof pendingAskSchema>;

/** Reads a stored ask-back; undefined for anything else (an older format, a damaged entry). */
export function parsePending(text: string): PendingAsk | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const r = pendingAskSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** An answer to an ask-back. */
export type Answer =
  | { kind: 'tasks'; tasks: number[] }
  | { kind: 'pick'; n: number }
  | { kind: 'figure'; value: number }
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'change' };

const YES = /^(?:是|是的|对|对的|好|好的|确认|确认记录|记录|可以|没问题|没错|yes|y|ok|以此为准|以这条为准)$/i;
const NO = /^(?:否|不|不是|不对|不用|取消|算了|不记录|不用记|no|n)$/i;
const CHANGE = /^(?:修改|改|要改|更改|我要修改|改一下)$/;

/**
 * What a short reply answers: 是/否/修改, a numbered option, a bare figure (30%), or task numbers with at most a few
 * words that name them (是任务6，社会服务能力那个); undefined for anything else (a new report, a question).
 */
export function answerKind(text: string, kb: Knowledge, tokens?: Tokens): Answer | undefined {
  const t = text.trim().replace(/[\s。.!！,，~～]+$/g, '');
  if (YES.test(t)) return { kind: 'yes' };
  if (NO.test(t)) return { kind: 'no' };
  if (CHANGE.test(t)) return { kind: 'change' };
  const pick = /^(?:第\s*)?(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:个|种|条)?$/.exec(t);
  if (pick?.[1]) return { kind: 'pick', n: parseNumeral(pick[1]) ?? 0 };
  const spans = (tokens ?? tokenize(t, lexiconFor(kb))).spans.filter((s) => s.kind !== 'sep');
  // "30%", "进度是30%": a figure alone
  const figures = spans.filter((s) => s.kind === 'percent');
  const rest = spans.filter(
    (s) =>
      s.kind !== 'percent' &&
      !(s.kind === 'word' && /^(?:进度|进度是|进度为|是|为|约|大约|目前|现在)$/.test(s.text)),
  );
  if (figures.length === 1 && rest.length === 0 && figures[0]?.kind === 'percent')
    return { kind: 'figure', value: figures[0].value };
  // "任务8", "是任务6，社会服务能力那个": task numbers, nothing reported, nothing asked
  const tasks = spans.flatMap((s) => (s.kind === 'task' && s.form !== 'title' ? s.tasks : []));
  const reported = spans.some(
    (s) => s.kind === 'percent' || s.kind === 'status' || s.kind === 'partial' || s.kind === 'q',
  );
  if (tasks.length && !reported && spans.length <= 6) return { kind: 'tasks', tasks: [...new Set(tasks)] };
  return undefined;
}

/** Whether an answer answers this ask-back. */
export function answers(p: PendingAsk, a: Answer): boolean {
  switch (p.kind) {
    case 'confirm':
      return a.kind === 'yes' || a.kind === 'no' || a.kind === 'change' || (a.kind === 'pick' && a.n <= 2);
    case 'choose':
      return (
        a.kind === 'no' ||
        a.kind === 'change' ||
        a.kind === 'figure' ||
        (a.kind === 'pick' && p.readings.length > 0) ||
        (a.kind === 'yes' && p.readings.length === 1)
      );
    case 'task':
      return (
        a.kind === 'tasks' ||
        a.kind === 'pick' ||
        a.kind === 'no' ||
        (a.kind === 'yes' && p.hint !== undefined)
      );
  }
}
