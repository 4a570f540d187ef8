#!/usr/bin/env node
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config.js';
import { loadEnvFile } from '../ops/load-env-file.js';
import { EXIT_USAGE, formatError } from './format-error.js';
import { COMMAND_HELP, USAGE } from './usage.js';

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
      version: { type: 'boolean', short: 'V', default: false },
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      unit: { type: 'string' },
      task: { type: 'string' },
      plan: { type: 'string' },
      out: { type: 'string' },
      overlay: { type: 'string' },
      preview: { type: 'boolean', default: false },
      admin: { type: 'string' },
      leader: { type: 'string' },
    },
  });
  const [command = 'start', ...rest] = positionals;
  if (values.version) {
    process.stdout.write(`plan-bot ${(await import('../ops/version.js')).packageVersion()}\n`);
    return 0;
  }
  if (command === 'help') {
    process.stdout.write(COMMAND_HELP[rest[0] ?? ''] ?? USAGE);
    return 0;
  }
  if (values.help) {
    process.stdout.write(positionals.length ? (COMMAND_HELP[command] ?? USAGE) : USAGE);
    return 0;
  }
  if (!COMMAND_HELP[command]) {
    process.stderr.write(`plan-bot：没有“${command}”这个命令\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const config = loadConfig(process.env, {
    ...(values.knowledge ? { knowledgePath: values.knowledge } : {}),
    ...(values.data ? { dataDir: values.data } : {}),
  });
  switch (command) {
    // each command loads only what it needs: `ask` must start fast
    case 'ask': {
      const { PlanSet } = await import('../knowledge/plan-set.js');
      const { askCommand } = await import('./ask-command.js');
      return askCommand(
        PlanSet.load(config.knowledgePath),
        { questions: rest, json: values.json, dialog: values.dialog },
        { input: process.stdin, output: process.stdout },
      );
    }
    case 'start':
      return (await import('../run-bot.js')).startBot(config);
    case 'import':
      return (await import('./import-command.js')).importCommand(rest[0], values, {
        stdout: process.stdout,
        stderr: process.stderr,
      });
    case 'export':
      return (await import('./export-command.js')).exportCommand(config, values, process.stderr);
    case 'plans':
      return (await import('./plans-command.js')).plansCommand(config, { json: values.json }, process.stdout);
    case 'status':
      return (await import('./status-command.js')).statusCommand(
        config.dataDir,
        {
          json: values.json,
          env: process.env,
          databaseUrl: config.databaseUrl,
          ...(config.backupDir ? { backupDir: config.backupDir } : {}),
        },
        process.stdout,
      );
    case 'holidays':
      return (await import('./holidays-command.js')).holidaysCommand(
        config.dataDir,
        { json: values.json },
        process.stdout,
      );
    case 'migrate':
      return (await import('./migrate-command.js')).migrateCommand(values.to, config, process.stderr);
    case 'web-link':
      return (await import('./web-link-command.js')).webLinkCommand(config, values, process.env, process);
    case 'restore':
      return (await import('./restore-command.js')).restoreCommand(rest[0], config, process.stderr);
    case 'replay': {
      const [file] = rest;
      if (!file) throw new ConfigError(`缺少对话记录文件。\n${COMMAND_HELP.replay ?? ''}`);
      // never the live data by accident: only an explicit --data is used, PLAN_BOT_DATA is not
      statSync(file); // a missing transcript is reported before anything is created
      let dataDir = values.data ? config.dataDir : undefined;
      if (!dataDir) {
        dataDir = mkdtempSync(path.join(tmpdir(), 'plan-bot-replay-'));
        process.stderr.write(
          `plan-bot replay：在新建的临时数据目录 ${dataDir} 中运行（用 --data DIR 指定）\n`,
        );
      }
      return (await import('./replay-command.js')).replayCommand(
        file,
        { ...config, dataDir },
        process.stdout,
      );
    }
  }
  return EXIT_USAGE; // not reached: unknown commands were refused above
}

// schema messages (configuration, files) in Chinese, for the county's admins; our own messages are written so
z.config(z.locales.zhCN());

const debug = () => /^(?:debug|trace)$/.test(process.env.PLAN_BOT_LOG_LEVEL ?? '');

try {
  loadEnvFile();
} catch (err) {
  process.stderr.write(formatError(err, { debug: debug() }).text);
  process.exit(1);
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const f = formatError(err, { debug: debug() });
    process.stderr.write(f.text);
    // what the failed command left open (a database pool, a listener, a timer) must not keep the process alive:
    // a service manager restarts a process that ends, not one that hangs after its error
    process.exit(f.exitCode);
  },
);
