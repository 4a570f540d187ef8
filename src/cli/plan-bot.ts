#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { UserError } from '../user-error.js';

const USAGE = `plan-bot — 行动方案问答与进度汇报机器人

usage:
  plan-bot start                    start the bot (the console chat when no platform is configured)
  plan-bot ask "任务14谁负责"          print the answer to one question
  plan-bot ask --json < q.txt       one question per line in, one JSON object per line out
  plan-bot ask --json --dialog      the same, each line a follow-up of the one before (那16呢)
  plan-bot replay t.jsonl           feed a recorded conversation through the bot on a simulated clock
  plan-bot import plan.txt --out knowledge/NAME.json [--overlay FILE]   parse a plan's text into a knowledge file
  plan-bot export --format csv|xlsx|json [--from 2021-W23] [--to 2021-W30] [--unit 县财政局] [--task 14] --out FILE
options:
  --knowledge FILE   plan to load (default: the bundled 稷山县 plan; env PLAN_BOT_KNOWLEDGE)
  --data DIR         data directory (env PLAN_BOT_DATA, default ./data)
  -h, --help         this help
`;

/** Runs the plan-bot command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      dialog: { type: 'boolean', default: false },
      knowledge: { type: 'string' },
      data: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      unit: { type: 'string' },
      task: { type: 'string' },
      out: { type: 'string' },
      overlay: { type: 'string' },
    },
  });
  const [command = 'start', ...rest] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const config = loadConfig(process.env, {
    ...(values.knowledge ? { knowledgePath: values.knowledge } : {}),
    ...(values.data ? { dataDir: values.data } : {}),
  });
  switch (command) {
    // each command loads only what it needs: `ask` must start fast
    case 'ask': {
      const { loadKnowledge } = await import('../knowledge/load-knowledge.js');
      const { QuestionAnswerer } = await import('../qa/answer-question.js');
      const { askCommand } = await import('./ask-command.js');
      const qa = new QuestionAnswerer(loadKnowledge(config.knowledgePath));
      return askCommand(
        qa,
        { questions: rest, json: values.json, dialog: values.dialog },
        { input: process.stdin, output: process.stdout },
      );
    }
    case 'start':
      return (await import('../main.js')).startBot(config);
    case 'import':
      return (await import('./import-command.js')).importCommand(rest[0], values, process.stderr);
    case 'export':
      return (await import('./export-command.js')).exportCommand(config, values, process.stderr);
    case 'replay': {
      const [file] = rest;
      if (!file) throw new ConfigError('usage: plan-bot replay transcript.jsonl [--data DIR]');
      return (await import('./replay-command.js')).replayCommand(file, config, process.stdout);
    }
    default:
      process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const known = err instanceof UserError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(
      `plan-bot: ${known ? (err as Error).message : String((err as Error)?.stack ?? err)}\n`,
    );
    process.exitCode = known ? 2 : 1;
  },
);
