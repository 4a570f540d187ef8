import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { projectRoot } from '../../src/project-root.js';
import { cliPath } from './run-cli.js';

/** A running plan-bot process: its output so far, a wait for a line, and its exit. */
export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match of `re` in stderr (checked as output arrives); rejects if the process exits first. */
  waitForStderr: (re: RegExp) => Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

/** Starts the built CLI and keeps it running (for `start`); the caller ends it with child.kill(). */
export function spawnCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; prefix?: string[] } = {},
): RunningCli {
  const [cmd, ...pre] = opts.prefix ?? [];
  const child = cmd
    ? spawn(cmd, [...pre, process.execPath, cliPath, ...args], {
        cwd: opts.cwd ?? projectRoot(),
        env: { ...process.env, ...opts.env },
      })
    : spawn(process.execPath, [cliPath, ...args], {
        cwd: opts.cwd ?? projectRoot(),
        env: { ...process.env, ...opts.env },
      });
  let out = '';
  let err = '';
  let closed = false;
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const m = err.match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    check();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      closed = true;
      for (const w of waiters.splice(0))
        w.reject(new Error(`plan-bot exited (${code}) before ${w.re}; stderr:\n${err}`));
      resolve(code);
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForStderr: (re) =>
      new Promise((resolve, reject) => {
        const m = err.match(re);
        if (m) resolve(m);
        else if (closed) reject(new Error(`plan-bot has exited; ${re} not in stderr:\n${err}`));
        else waiters.push({ re, resolve, reject });
      }),
    exited,
  };
}
