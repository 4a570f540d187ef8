import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../project-root.js';
import { UserError } from '../user-error.js';
import { type Knowledge, knowledgeSchema } from './schema.js';

/** Path of the bundled plan (稷山县 2021), used when no other knowledge file is configured. */
export const defaultKnowledgePath = path.join(projectRoot(), 'knowledge', 'jishan-2021.json');

/** Raised when a knowledge file is missing, not JSON, or fails the schema; the message names file and fields. */
export class KnowledgeError extends UserError {}

/** Validates parsed JSON as a knowledge base; throws KnowledgeError listing each bad field path. */
export function parseKnowledge(data: unknown, source = 'knowledge'): Knowledge {
  const result = knowledgeSchema.safeParse(data);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '（最外层）'}：${i.message}`);
  throw new KnowledgeError(`${source} 不是有效的方案文件：\n${lines.join('\n')}`);
}

/** Reads and validates a knowledge file from disk. */
export function loadKnowledge(file = defaultKnowledgePath): Knowledge {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    throw new KnowledgeError(`无法读取方案文件 ${file}：${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new KnowledgeError(`${file} 不是有效的 JSON：${(e as Error).message}`);
  }
  return parseKnowledge(data, path.relative(process.cwd(), file) || file);
}
