import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../project-root.js';

let common: Record<string, string> | undefined;

/** The everyday words for a plan's written words (common-synonyms.json) whose written word occurs in `text`. */
export function commonSynonyms(text: string): Record<string, string> {
  common ??= z
    .object({ synonyms: z.record(z.string().min(1), z.string().min(1)) })
    .parse(
      JSON.parse(readFileSync(path.join(projectRoot(), 'src/knowledge/common-synonyms.json'), 'utf8')),
    ).synonyms;
  return Object.fromEntries(Object.entries(common).filter(([, written]) => text.includes(written)));
}
