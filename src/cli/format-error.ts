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
    return `${u.username}（uid ${u.uid}）`;
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
    what: '这里需要一个文件夹，却是一个文件',
    ...(file ? { path: file } : {}),
    fix: '改为指定一个文件夹（数据目录用 --data DIR 或环境变量 PLAN_BOT_DATA），或把这个文件移走',
    exitCode: EXIT_RUNTIME,
  };
}

/** Explains an error for the person at the terminal; never includes a stack trace. */
export function explain(err: unknown): Explained {
  const e = err as NodeJS.ErrnoException & { code?: string };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const p = typeof e?.path === 'string' ? e.path : undefined;
  if (code?.startsWith('ERR_PARSE_ARGS')) {
    const option = (/'(-[^']*)'/.exec(e.message)?.[1] ?? '').replace(/ <value>$/, '');
    const what =
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? `没有这个选项：${option}`
        : code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
          ? `选项 ${option} 缺少值，或值不对`
          : `命令行有误：${e.message}`;
    return { what, fix: '查看 plan-bot --help 或 plan-bot 命令 --help', exitCode: EXIT_USAGE };
  }
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
      what: `没有安装软件包 ${missing}`,
      fix: missing.includes('puppet')
        ? `在 plan-bot 的安装目录中安装它（npm install ${missing}），或把 WECHATY_PUPPET 改成已安装的 puppet（docs/platforms/wechat.md）`
        : missing.includes('dist/')
          ? 'plan-bot 还没有编译：运行 npm ci（会自动编译），或 npm run build'
          : `在 plan-bot 的安装目录中运行 npm ci；仍然不行就单独安装（npm install ${missing}）`,
      exitCode: EXIT_RUNTIME,
    };
  }
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return atPath(
        p,
        `没有权限（permission denied${e.syscall ? `，${e.syscall}` : ''}）`,
        `运行 plan-bot 的用户 ${who()} 不能使用这个路径。请给它权限（数据目录：chown -R 该用户 目录），或用 --data DIR（环境变量 PLAN_BOT_DATA）换一个目录`,
      );
    case 'EROFS':
      return atPath(
        p,
        '文件系统是只读的',
        '把数据目录放到可写的磁盘上（--data DIR，环境变量 PLAN_BOT_DATA）；systemd 下其他目录还需写进 ReadWritePaths=',
      );
    case 'EEXIST':
      if (e.syscall !== 'mkdir') return atPath(p, '文件已经存在', '把它移走，或换一个路径');
      return fileWhereFolder(p);
    case 'ENOTDIR':
      return fileWhereFolder(p);
    case 'EISDIR':
      return atPath(p, '这里需要一个文件，却是一个文件夹', '请指定文件名，例如 --out exports/ledger.xlsx');
    case 'ENOENT': {
      const dir = p ? path.dirname(p) : undefined;
      const folderMissing = dir !== undefined && !existsSync(dir);
      return {
        what: folderMissing ? `文件夹 ${dir} 不存在` : '文件不存在',
        ...(p ? { path: p } : {}),
        fix: folderMissing
          ? `先创建它（mkdir -p ${dir}），或换一个路径`
          : `请检查路径（相对路径从 ${process.cwd()} 算起）`,
        exitCode: EXIT_RUNTIME,
      };
    }
    case 'ENOSPC':
      return atPath(p, '磁盘已满', '请腾出空间；没有留下写了一半的文件');
    case 'EADDRINUSE':
      return {
        what: `端口已被占用（${e.message}）`,
        fix: '停掉占用它的程序，或换一个端口（LARK_WEBHOOK_PORT、WECOM_PORT）',
        exitCode: EXIT_RUNTIME,
      };
  }
  return {
    what: `意外错误：${e?.message ?? String(err)}`,
    fix: '用 PLAN_BOT_LOG_LEVEL=debug 再运行一次，查看出错位置（stack trace），并报告给维护人员',
    exitCode: EXIT_RUNTIME,
  };
}

/**
 * The one message format of every CLI and start-up failure (in Chinese, for the county's admins):
 *   plan-bot：出了什么问题
 *     路径：PATH
 *     处理：怎么解决
 * plus the stack trace only when debugging. Returns the text and the exit code.
 */
export function formatError(err: unknown, o: { debug?: boolean } = {}): { text: string; exitCode: number } {
  const x = explain(err);
  const lines = [`plan-bot：${x.what}`];
  if (x.path) lines.push(`  路径：${x.path}`);
  if (x.fix) lines.push(`  处理：${x.fix}`);
  const stack = (err as Error)?.stack;
  if (o.debug && stack) lines.push('', stack);
  return { text: `${lines.join('\n')}\n`, exitCode: x.exitCode };
}
