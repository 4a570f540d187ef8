import type { Logger } from '../../src/core/logger.js';

/** A logger that keeps every line (level, object, message) as JSON text, for assertions on logs. */
export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const rec = (level: string) => (obj: object, msg?: string) => {
    lines.push(JSON.stringify({ level, ...obj, msg }));
  };
  return { lines, info: rec('info'), warn: rec('warn'), error: rec('error'), debug: rec('debug') };
}
