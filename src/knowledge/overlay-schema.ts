import { z } from 'zod';

const extras = z.object({
  titleEn: z.string().min(1).optional(),
  keywords: z.array(z.string().min(1)).optional(),
  keywordsEn: z.array(z.string().min(1)).optional(),
  /** Curated names of the figures, by their position in the clause (the importer's names are mechanical). */
  targets: z.record(z.string(), z.object({ what: z.string().min(1) })).optional(),
  /** A task's deadline as YYYY-MM-DD when its text gives none or the wrong one (docs/supervision.md). */
  deadline: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
    .optional(),
});

/**
 * Curated additions to an imported plan that no text can supply (English names, the aliases people use,
 * keywords, synonyms); kept beside the plan as NAME.overlay.json so that re-importing the text keeps them.
 */
export const overlaySchema = z.object({
  units: z
    .record(
      z.string(),
      z.object({
        aliases: z.array(z.string().min(1)).optional(),
        en: z.string().min(1).optional(),
        enAliases: z.array(z.string().min(1)).optional(),
      }),
    )
    .optional(),
  tasks: z.record(z.string(), extras).optional(),
  safeguards: z.record(z.string(), extras).optional(),
  synonyms: z.record(z.string(), z.string()).optional(),
  /** Short names people use for the plan (职教行动计划), before the ones derived from its title; the first is shown. */
  names: z.array(z.string().min(1)).optional(),
});

/** Curated additions to an imported plan. */
export type Overlay = z.infer<typeof overlaySchema>;
