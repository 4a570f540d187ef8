import { z } from 'zod';

const text = z.string().trim().min(1);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/** A figure the plan sets: what is counted, the value, its unit, by when, and the sentence it is quoted from. */
export const targetSchema = z.object({
  what: text,
  value: z.union([z.number(), text]),
  unit: z.string(),
  deadline: z.string().nullable(),
  quote: text,
});

/** Clauses with responsible units: a numbered key task or a safeguard mechanism. */
const unitClauseFields = {
  no: z.number().int().positive(),
  title: text,
  titleEn: text,
  text: text,
  unitsClause: text,
  units: z.array(text).min(1),
  keywords: z.array(text),
  keywordsEn: z.array(text),
  targets: z.array(targetSchema),
};

/** One of the numbered key tasks (重点任务). */
export const taskSchema = z.object({
  ...unitClauseFields,
  group: z.number().int().positive(),
  /** Explicit in the task, set in the overlay, inherited from the goals' date, or none anywhere in the plan. */
  deadline: z.object({
    date: isoDate.nullable(),
    text: text,
    source: z.enum(['explicit', 'overlay', 'goals', 'none']),
    quote: z.string(),
  }),
});

/** One of the safeguard mechanisms (保障机制); some plans name no units for them. */
export const safeguardSchema = z.object({
  ...unitClauseFields,
  unitsClause: z.string(),
  units: z.array(text),
});

/** A responsible unit with the names people use for it. */
export const unitSchema = z.object({
  name: text,
  aliases: z.array(text),
  en: text,
  enAliases: z.array(text),
});

/** The whole plan as data: validated at load so that a bad file fails with the field path. */
export const knowledgeSchema = z
  .object({
    $schemaVersion: z.literal(1),
    document: z.object({
      title: text,
      noticeTitle: z.string(),
      docNumber: z.string(),
      issuer: z.string(),
      issuedOn: isoDate.nullable(),
      issuedOnText: z.string(),
      publishedOn: isoDate.nullable(),
      indexNumber: z.string(),
      recipients: z.string(),
      publicity: z.string(),
      /** The documents the plan implements; a document cited without its 文号 has an empty docNumber. */
      basis: z.array(z.object({ title: text, docNumber: z.string(), role: text })),
      leadRule: z.literal('first-listed'),
      /** Short names of the plan, the one shown first (derived from the title and 文号, plus the overlay's). */
      names: z.array(text).optional(),
    }),
    preamble: z.string(),
    guidingIdeology: z.string(),
    principles: z.array(z.object({ no: z.number().int().positive(), title: text, text: text })),
    goals: z.object({ text: z.string(), deadline: z.object({ date: isoDate, text: text }).nullable() }),
    groups: z
      .array(
        z.object({
          no: z.number().int().positive(),
          numeral: text,
          title: text,
          tasks: z.array(z.number().int().positive()).min(1),
        }),
      )
      .min(1),
    tasks: z.array(taskSchema).min(1),
    safeguards: z.array(safeguardSchema),
    units: z.array(unitSchema).min(1),
    synonyms: z.record(z.string(), z.string()),
  })
  .superRefine((kb, ctx) => {
    const known = new Set(kb.units.map((u) => u.name));
    const checkUnits = (units: string[], path: (string | number)[]) => {
      units.forEach((u, i) => {
        if (!known.has(u))
          ctx.addIssue({ code: 'custom', path: [...path, i], message: `单位列表（units）中没有“${u}”` });
      });
    };
    kb.tasks.forEach((t, i) => {
      if (t.no !== i + 1)
        ctx.addIssue({ code: 'custom', path: ['tasks', i, 'no'], message: `expected ${i + 1}` });
      if (!kb.groups.some((g) => g.no === t.group && g.tasks.includes(t.no)))
        ctx.addIssue({
          code: 'custom',
          path: ['tasks', i, 'group'],
          message: `group ${t.group} does not list it`,
        });
      checkUnits(t.units, ['tasks', i, 'units']);
    });
    kb.safeguards.forEach((s, i) => {
      checkUnits(s.units, ['safeguards', i, 'units']);
    });
  });

/** The plan as validated data. */
export type Knowledge = z.infer<typeof knowledgeSchema>;
/** A numbered key task. */
export type Task = z.infer<typeof taskSchema>;
/** A safeguard mechanism. */
export type Safeguard = z.infer<typeof safeguardSchema>;
/** A responsible unit. */
export type Unit = z.infer<typeof unitSchema>;
/** A quantified target. */
export type Target = z.infer<typeof targetSchema>;
