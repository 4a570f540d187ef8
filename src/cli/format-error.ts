import { existsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { UserError } from '../user-error.js';

/** Exit code when the command line, the configuration or an input file is wrong. */
export const EXIT_USAGE = 2;
/** Exit code when running failed: permissions, missing files or folders, network, a missing module, a bug. */
export const EXIT_RUNTIME = 1;

/** A failure explained: what went wrong, on which path, how to fix it. */
export interface Explained {
  what: string;
  path?: string;
  fix?: string;
  exitCode: number;
}

function who(): string {
  try {
    const u = userInfo();
    return `${u.username} (uid ${u.uid})`;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}

/** A run-time failure on a path: what went wrong there and how to fix it. */
function atPath(p: string | undefined, what: string, fix: string): Explained {
  return { what, ...(p ? { path: p } : {}), fix, exitCode: EXIT_RUNTIME };
}

/** The nearest existing part of a path that is a file, when a folder was expected there. */
function fileInTheWay(p: string): string | undefined {
  for (let dir = p; ; dir = path.dirname(dir)) {
    if (existsSync(dir)) return statSync(dir).isDirectory() ? undefined : dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function fileWhereFolder(p: string | undefined): Explained {
  const file = p ? (fileInTheWay(p) ?? p) : undefined;
  return {
    what: 'a file is where a folder is expected',
    ...(file ? { path: file } : {}),
    fix: 'name a folder instead (for the data directory --data DIR, env PLAN_BOT_DATA), or move the file away',
    exitCode: EXIT_RUNTIME,
  };
}

/** Explains an error for the person at the terminal; never includes a stack trace. */
export function explain(err: unknown): Explained {
  const e = err as NodeJS.ErrnoException & { code?: string };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const p = typeof e?.path === 'string' ? e.path : undefined;
  if (code?.startsWith('ERR_PARSE_ARGS'))
    return { what: e.message, fix: 'see plan-bot COMMAND --help', exitCode: EXIT_USAGE };
  if (err instanceof UserError) return { what: e.message, exitCode: EXIT_USAGE };
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    const pkg = /Cannot find (?:package|module) '([^']+)'/.exec(e.message)?.[1] ?? 'a module';
    const missing =
      pkg.startsWith('/') || pkg.startsWith('.')
        ? pkg
        : pkg
            .split('/')
            .slice(0, pkg.startsWith('@') ? 2 : 1)
            .join('/');
    return {
      what: `the package ${missing} is not installed`,
      fix: missing.includes('puppet')
        ? `install it where plan-bot is installed (npm install ${missing}), or set WECHATY_PUPPET to a puppet that is installed (docs/platforms/wechat.md)`
        : missing.includes('dist/')
          ? 'plan-bot is not built: run npm ci (it builds), or npm run build'
          : `run npm ci where plan-bot is installed; if it persists, install it (npm install ${missing})`,
      exitCode: EXIT_RUNTIME,
    };
  }
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return atPath(
        p,
        `permission denied${e.syscall ? ` (${e.syscall})` : ''}`,
        `the user running plan-bot, ${who()}, cannot use this path. Give it access (for the data directory: chown -R that user DIR), or choose another directory with --data DIR (env PLAN_BOT_DATA)`,
      );
    case 'EROFS':
      return atPath(
        p,
        'the file system is read-only',
        'put the data directory on a writable disk (--data DIR, env PLAN_BOT_DATA)',
      );
    case 'EEXIST':
      if (e.syscall !== 'mkdir')
        return atPath(p, 'the file already exists', 'move it away or choose another path');
      return fileWhereFolder(p);
    case 'ENOTDIR':
      return fileWhereFolder(p);
    case 'EISDIR':
      return atPath(p, 'a folder is where a file is expected', 'name a file, e.g. --out exports/ledger.xlsx');
    case 'ENOENT': {
      const dir = p ? path.dirname(p) : undefined;
      const folderMissing = dir !== undefined && !existsSync(dir);
      return {
        what: folderMissing ? `the folder ${dir} does not exist` : 'no such file',
        ...(p ? { path: p } : {}),
        fix: folderMissing
          ? `create it first (mkdir -p ${dir}) or choose another path`
          : `check the path (relative paths start from ${process.cwd()})`,
        exitCode: EXIT_RUNTIME,
      };
    }
    case 'ENOSPC':
      return atPath(p, 'the disk is full', 'free some space; nothing half-written was kept');
    case 'EADDRINUSE':
      return {
        what: `the port is already in use (${e.message})`,
        fix: 'stop the other program or choose another port (LARK_WEBHOOK_PORT)',
        exitCode: EXIT_RUNTIME,
      };
  }
  return {
    what: `unexpected error: ${e?.message ?? String(err)}`,
    fix: 'run again with PLAN_BOT_LOG_LEVEL=debug to see the stack trace, and report it',
    exitCode: EXIT_RUNTIME,
  };
}

/**
 * The one message format of every CLI and start-up failure:
 *   plan-bot: WHAT
 *     path: PATH
 *     fix:  HOW
 * plus the stack trace only when debugging. Returns the text and the exit code.
 */
export function formatError(err: unknown, o: { debug?: boolean } = {}): { text: string; exitCode: number } {
  const x = explain(err);
  const lines = [`plan-bot: ${x.what}`];
  if (x.path) lines.push(`  path: ${x.path}`);
  if (x.fix) lines.push(`  fix:  ${x.fix}`);
  const stack = (err as Error)?.stack;
  if (o.debug && stack) lines.push('', stack);
  return { text: `${lines.join('\n')}\n`, exitCode: x.exitCode };
}
