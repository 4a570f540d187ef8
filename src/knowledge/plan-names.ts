import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../project-root.js';

const wordsSchema = z.object({
  $comment: z.string().optional(),
  kinds: z.array(z.string().min(1)),
  lead: z.array(z.string().min(1)),
  trail: z.array(z.string().min(1)),
});

let words: z.infer<typeof wordsSchema> | undefined;

/** The title words of plan-title-words.json, read once (kinds longest first). */
export function planTitleWords(): z.infer<typeof wordsSchema> {
  if (!words) {
    const w = wordsSchema.parse(
      JSON.parse(readFileSync(path.join(projectRoot(), 'src/knowledge/plan-title-words.json'), 'utf8')),
    );
    words = { ...w, kinds: [...w.kinds].sort((a, b) => b.length - a.length) };
  }
  return words;
}

/** The parts of a plan title: the place it starts with, the title without place and years, its topic and kind. */
export interface TitleParts {
  /** The title without the county (稷山县) and the years (2023年, （2022—2024年）). */
  core: string;
  /** What the plan is about: 职业教育改革发展, 乡村振兴人才培育, 校园安全提升. */
  topic: string;
  /** The kind of document the title ends with: 行动计划, 实施方案 … ('' when none). */
  kind: string;
}

/** Splits a plan title into its core, topic and kind (plan-title-words.json). */
export function titleParts(title: string): TitleParts {
  const w = planTitleWords();
  const core = title
    .replace(/\s+/g, '')
    .replace(/^[\u4e00-\u9fa5]{1,6}?(?:省|市|县|区|旗)(?=[\u4e00-\u9fa5\d（(])/, '')
    .replace(/[（(][^（()）]*\d{4}[^（()）]*[）)]/g, '')
    .replace(/\d{4}(?:\s*[—–\-~～至到]\s*\d{4})?年(?:度)?/g, '');
  const kind = w.kinds.find((k) => core.endsWith(k)) ?? '';
  let topic = core.slice(0, core.length - kind.length);
  for (let changed = true; changed; ) {
    changed = false;
    for (const l of w.lead)
      if (topic.startsWith(l) && topic.length - l.length >= 2) {
        topic = topic.slice(l.length);
        changed = true;
      }
    for (const t of w.trail)
      if (topic.endsWith(t) && topic.length - t.length >= 2) {
        topic = topic.slice(0, -t.length);
        changed = true;
      }
  }
  return { core, topic, kind };
}

/**
 * The short names of a plan derived from its title and 文号, the one shown first: 职业教育改革发展行动计划,
 * 推进新时代职业教育改革发展行动计划, 稷政发〔2021〕6号. Colloquial names (职教行动计划, 职业教育那个方案) are
 * recognised in questions by how they are formed (find-plan-mention.ts), not listed; the overlay can add more.
 */
export function derivePlanNames(doc: { title: string; docNumber: string }): string[] {
  const { core, topic, kind } = titleParts(doc.title);
  const out: string[] = [];
  const add = (n: string) => {
    if (n.length >= 3 && !out.includes(n)) out.push(n);
  };
  add(`${topic}${kind}`);
  add(core);
  if (doc.docNumber) add(doc.docNumber);
  return out;
}
