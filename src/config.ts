import path from 'node:path';
import { z } from 'zod';
import { defaultKnowledgePath } from './knowledge/load-knowledge.js';

/** Raised with every bad variable listed and how to fix it. */
export class ConfigError extends Error {}

const schema = z.object({
  PLAN_BOT_DATA: z.string().min(1).default('./data'),
  PLAN_BOT_KNOWLEDGE: z.string().min(1).optional(),
  PLAN_BOT_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

/** Validated settings of one run. */
export interface Config {
  dataDir: string;
  knowledgePath: string;
  logLevel: z.infer<typeof schema>['PLAN_BOT_LOG_LEVEL'];
}

/** Reads the configuration from the environment (and CLI overrides); one error lists every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const r = schema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`configuration is invalid (see README › Configuration):\n${lines.join('\n')}`);
  }
  return {
    dataDir: path.resolve(overrides.dataDir ?? r.data.PLAN_BOT_DATA),
    knowledgePath: path.resolve(overrides.knowledgePath ?? r.data.PLAN_BOT_KNOWLEDGE ?? defaultKnowledgePath),
    logLevel: overrides.logLevel ?? r.data.PLAN_BOT_LOG_LEVEL,
  };
}
