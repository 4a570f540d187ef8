import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Loads `.env` from the current directory (or the file named by PLAN_BOT_ENV_FILE) into process.env with Node's
 * own loader; variables already set in the environment win. Returns the file loaded, if any.
 */
export function loadEnvFile(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string | undefined {
  const named = env.PLAN_BOT_ENV_FILE;
  const file = path.resolve(cwd, named || '.env');
  // a file named explicitly must exist; the default .env is optional
  if (!named && !existsSync(file)) return undefined;
  process.loadEnvFile(file);
  return file;
}
