import { ConsoleAdapter } from '../adapters/console/console-adapter.js';
import type { Config } from './config.js';
import { createCore } from './core/create-core.js';
import { createLogger } from './core/create-logger.js';
import { loadKnowledge } from './knowledge/load-knowledge.js';

/** Composition root: config → knowledge → core → adapters. Returns the exit code when the bot stops. */
export async function startBot(config: Config): Promise<number> {
  const log = createLogger(config.logLevel);
  const knowledge = loadKnowledge(config.knowledgePath);
  const core = createCore({ knowledge, log });
  const interactive = Boolean(process.stdin.isTTY);
  const adapter = new ConsoleAdapter({
    input: process.stdin,
    output: process.stdout,
    interactive,
    greeting: `plan-bot 控制台 ·《${knowledge.document.title}》（${knowledge.document.docNumber}）\n输入问题后回车，“帮助”查看用法，“退出”结束。`,
  });
  await adapter.start(core);
  return 0;
}
