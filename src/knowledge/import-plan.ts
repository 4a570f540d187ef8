import { commonSynonyms } from './common-synonyms.js';
import { deriveAliases } from './derive-aliases.js';
import type { Overlay } from './overlay-schema.js';
import { derivePlanNames } from './plan-names.js';
import { paragraphs, SECTION, type UnitsClause } from './plan-paragraphs.js';
import { findDeadline, sentenceAt } from './read-deadline.js';
import { readDocumentFacts } from './read-document-facts.js';
import { readFigures } from './read-figures.js';
import { type ReadClause, readOutline } from './read-outline.js';
import { type Knowledge, knowledgeSchema, type Target } from './schema.js';

/** A problem found while importing, with the 1-based line of the source it concerns; the message is Chinese. */
export interface ImportProblem {
  line: number;
  message: string;
}

/** The importer's result: a knowledge base that passes the schema (with notes worth a look), or the problems
 * that prevent one. */
export type ImportResult =
  | { ok: true; knowledge: Knowledge; notes: ImportProblem[] }
  | { ok: false; problems: ImportProblem[] };

/** The fields a task and a safeguard share, before figures and the overlay are added. */
function clauseFields(c: ReadClause, titleEn: string, u: UnitsClause | undefined) {
  return {
    line: c.line,
    no: c.no,
    title: (c.body.split('。')[0] ?? c.body).trim(),
    titleEn,
    text: c.body,
    unitsClause: u?.clause ?? '',
    units: u?.units ?? [],
    keywords: [] as string[],
    keywordsEn: [] as string[],
    targets: [] as Target[],
  };
}

/**
 * Parses the text of a Chinese government action plan (一、 sections; tasks numbered 1. under （一） groups, or
 * numbered （一） under 一、 sections, each closed by a （责任单位：…） or 牵头单位：…；配合单位：… clause) into the
 * knowledge schema, applying a curated overlay. Tolerates web-page chrome, full- and half-width forms and line
 * breaks inside sentences. Returns problems with line numbers instead of a half-valid result.
 */
export function importPlan(raw: string, overlay: Overlay = {}): ImportResult {
  const problems: ImportProblem[] = [];
  const notes: ImportProblem[] = [];
  const { paras, lines } = paragraphs(raw);

  const bodyStart = paras.findIndex((p) => SECTION.test(p.text));
  const preamblePara = [...paras.slice(0, bodyStart < 0 ? paras.length : bodyStart)]
    .reverse()
    .find((p) => /^为/.test(p.text) || p.text.length > 60);
  const preamble = preamblePara?.text ?? '';
  const document = readDocumentFacts(paras, lines, preamble);
  if (!document) {
    problems.push({
      line: 1,
      message:
        '没有找到方案标题：应有一行“…关于印发…的通知”，或一行以“行动计划”“实施方案”“工作方案”结尾的标题',
    });
  }
  if (bodyStart < 0) {
    problems.push({ line: 1, message: '没有找到“一、”“二、”这样编号的部分标题，无法分出方案的各个部分' });
    return { ok: false, problems };
  }

  const outline = readOutline(paras.slice(bodyStart));
  const tasks = outline.tasks.map((c) => {
    if (!c.units) {
      problems.push({
        line: c.line,
        message: `任务${c.no}没有写责任单位：应以“（责任单位：…）”或“（牵头单位：…；配合单位：…）”结尾`,
      });
    } else if (c.units.units.length === 0) {
      problems.push({ line: c.line, message: `任务${c.no}的责任单位是空的` });
    }
    return {
      ...clauseFields(c, `Task ${c.no}`, c.units),
      group: c.group,
      deadline: {
        date: null as string | null,
        text: '',
        source: 'none' as 'explicit' | 'overlay' | 'goals' | 'none',
        quote: '',
      },
    };
  });
  const safeguards = outline.safeguards.map((c) => clauseFields(c, `Safeguard ${c.no}`, c.units));

  // --- numbering
  const seen = new Map<number, string>();
  for (const t of tasks) {
    const first = seen.get(t.no);
    if (first !== undefined) {
      problems.push({ line: t.line, message: `任务编号${t.no}出现了两次（前一个是「${first}」）` });
    } else seen.set(t.no, t.title);
  }
  tasks.forEach((t, i) => {
    if (t.no !== i + 1 && !problems.some((p) => p.line === t.line)) {
      problems.push({ line: t.line, message: `任务编号不连续：这里应是${i + 1}，写的是${t.no}` });
    }
  });
  if (tasks.length === 0) {
    problems.push({
      line: paras[bodyStart]?.line ?? 1,
      message: '没有找到带责任单位的编号任务：应是“1.…”或“（一）…”开头、以“（责任单位：…）”结尾的段落',
    });
  }
  if (problems.length || !document) return { ok: false, problems };
  if (outline.renumbered) {
    notes.push({
      line: tasks[0]?.line ?? 1,
      message: `任务编号在每一组里重新从1开始，已按全文顺序编为任务1–${tasks.length}`,
    });
  }

  // --- deadlines and figures
  const goalsText = outline.goals.join('');
  const gd = findDeadline(goalsText);
  const goalDeadline = gd?.date ? { date: gd.date, text: gd.text } : null;
  for (const t of tasks) {
    const own = findDeadline(t.text);
    if (own) {
      t.deadline = {
        date: own.date,
        text: own.text,
        source: 'explicit',
        quote: sentenceAt(t.text, own.index),
      };
    } else if (goalDeadline) {
      t.deadline = { ...goalDeadline, source: 'goals', quote: `到${goalDeadline.text}` };
    } else {
      t.deadline = { date: null, text: '方案未明确', source: 'none', quote: '' };
    }
    t.targets = readFigures(t.text);
  }
  for (const s of safeguards) s.targets = readFigures(s.text);

  // --- units: in order of first appearance, with derived aliases, plus the overlay
  const names: string[] = [];
  for (const x of [...tasks, ...safeguards]) for (const u of x.units) if (!names.includes(u)) names.push(u);
  const allText = [...tasks, ...safeguards].map((x) => x.text).join('\n');
  const common = (w: string) => allText.split(w).length - 1 >= 3;
  const units = names.map((name) => {
    const extra = overlay.units?.[name];
    const aliases = [...deriveAliases(name, common)];
    for (const a of extra?.aliases ?? []) if (!aliases.includes(a)) aliases.push(a);
    return { name, aliases, en: extra?.en ?? name, enAliases: extra?.enAliases ?? [] };
  });
  const apply = (
    x: (typeof tasks)[number] | (typeof safeguards)[number],
    o: NonNullable<Overlay['tasks']>[string] | undefined,
  ) => {
    if (!o) return;
    if (o.titleEn) x.titleEn = o.titleEn;
    if (o.keywords) x.keywords = o.keywords;
    if (o.keywordsEn) x.keywordsEn = o.keywordsEn;
    for (const [i, t] of Object.entries(o.targets ?? {})) {
      const target = x.targets[Number(i)];
      if (target) target.what = t.what;
    }
  };
  for (const t of tasks) {
    apply(t, overlay.tasks?.[String(t.no)]);
    const date = overlay.tasks?.[String(t.no)]?.deadline;
    if (date) t.deadline = { date, text: date, source: 'overlay', quote: '' };
  }
  for (const s of safeguards) apply(s, overlay.safeguards?.[String(s.no)]);

  const knowledge = {
    $schemaVersion: 1 as const,
    document: {
      ...document,
      names: [
        ...new Set([
          ...(overlay.names ?? []),
          ...derivePlanNames({ title: document?.title ?? '', docNumber: document?.docNumber ?? '' }),
        ]),
      ],
    },
    preamble,
    guidingIdeology: outline.ideology.join(''),
    principles: outline.principles,
    goals: { text: goalsText, deadline: goalDeadline },
    groups: outline.groups.filter((g) => g.tasks.length),
    tasks: tasks.map(({ line: _l, ...t }) => t),
    safeguards: safeguards.map(({ line: _l, ...s }) => s),
    units,
    // an overlay's own synonyms are the curated list; without one, the everyday words for the plan's words
    synonyms: overlay.synonyms ?? commonSynonyms(paras.map((p) => p.text).join('\n')),
  };
  const checked = knowledgeSchema.safeParse(knowledge);
  if (!checked.success) {
    return {
      ok: false,
      problems: checked.error.issues.map((i) => {
        const [list, index] = i.path;
        const lineOf =
          list === 'tasks'
            ? tasks[Number(index)]?.line
            : list === 'safeguards'
              ? safeguards[Number(index)]?.line
              : undefined;
        return { line: lineOf ?? 1, message: `数据校验未通过：${i.path.join('.')}：${i.message}` };
      }),
    };
  }
  return { ok: true, knowledge: checked.data, notes };
}
