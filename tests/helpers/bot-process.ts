import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { projectRoot } from '../../src/project-root.js';
import { cliPath } from '../cli/run-cli.js';

/** A running `plan-bot` process with its output collected and a way to wait for text in it. */
export interface BotProcess {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stdout (or stderr, the logs) contains `text`; rejects when the process ends first. */
  waitFor: (text: string | RegExp, stream?: 'stdout' | 'stderr') => Promise<void>;
  /** Resolves with the exit code (or the signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the built CLI as a real process (console chat on stdin/stdout unless a platform is configured). */
export function startBotProcess(args: string[], env: NodeJS.ProcessEnv = {}): BotProcess {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: projectRoot(),
    env: { ...process.env, PLAN_BOT_LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  let err = '';
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (w.test()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    check();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    check();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (text: string | RegExp, stream: 'stdout' | 'stderr' = 'stdout') =>
    new Promise<void>((resolve, reject) => {
      const test = () => {
        const s = stream === 'stdout' ? out : err;
        return typeof text === 'string' ? s.includes(text) : text.test(s);
      };
      if (test()) return resolve();
      waiters.push({ test, resolve });
      void exited.then(() => {
        if (!test()) reject(new Error(`plan-bot ended before printing ${String(text)}; stderr: ${err}`));
      });
    });
  return { child, stdout: () => out, stderr: () => err, waitFor, exited };
}

/**
 * Starts `plan-bot start` with the Lark webhook on a free port against a stand-in open platform, with `env` added;
 * `url` resolves to the webhook's address once the bot logs that it listens.
 */
export function startLarkWebhookBot(
  dataDir: string,
  lark: { domain: string; encryptKey: string },
  env: NodeJS.ProcessEnv = {},
): { bot: BotProcess; url: Promise<string> } {
  const bot = startBotProcess(['start', '--data', dataDir], {
    PLAN_BOT_LOG_LEVEL: 'info',
    LARK_APP_ID: 'cli_a1b2c3d4e5f60718',
    LARK_APP_SECRET: 'secret',
    LARK_MODE: 'webhook',
    LARK_ENCRYPT_KEY: lark.encryptKey,
    LARK_DOMAIN: lark.domain,
    LARK_WEBHOOK_PORT: '0',
    ...env,
  });
  const listening = /"port":(\d+)[^\n]*lark webhook listening/;
  const url = bot
    .waitFor(listening, 'stderr')
    .then(() => `http://127.0.0.1:${listening.exec(bot.stderr())?.[1]}/lark/events`);
  return { bot, url };
}
