import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_RUNTIME, EXIT_USAGE, formatError } from '../../src/cli/format-error.js';
import { ConfigError } from '../../src/config.js';

const sys = (code: string, p: string, syscall = 'open') =>
  Object.assign(new Error(`${code}: failed, ${syscall} '${p}'`), { code, path: p, syscall });

describe('formatError', () => {
  it('tells a missing folder from a missing file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-fmt-'));
    const inMissing = formatError(sys('ENOENT', path.join(dir, 'nope', 'x.csv')));
    expect(inMissing.text).toContain(`文件夹 ${path.join(dir, 'nope')} 不存在`);
    expect(inMissing.text).toContain(`mkdir -p ${path.join(dir, 'nope')}`);
    const missing = formatError(sys('ENOENT', path.join(dir, 'x.jsonl')));
    expect(missing.text).toMatch(/^plan-bot：文件不存在\n {2}路径：.*x\.jsonl\n {2}处理：请检查路径/);
    expect(missing.exitCode).toBe(EXIT_RUNTIME);
  });

  it('names the file in the way of a folder, not the path below it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-fmt-'));
    writeFileSync(path.join(dir, 'data'), '');
    const r = formatError(sys('ENOTDIR', path.join(dir, 'data', 'exports', 'a.csv'), 'mkdir'));
    expect(r.text).toContain(`  路径：${path.join(dir, 'data')}\n`);
    expect(formatError(sys('EEXIST', path.join(dir, 'data'), 'mkdir')).text).toContain(
      '这里需要一个文件夹，却是一个文件',
    );
    expect(formatError(sys('EEXIST', path.join(dir, 'data'), 'open')).text).toContain('文件已经存在');
  });

  it('usage and configuration mistakes exit 2; anything else 1 with a hint, and the stack only when debugging', () => {
    expect(formatError(new ConfigError('PLAN_BOT_ADMINS: expected …')).exitCode).toBe(EXIT_USAGE);
    const parse = Object.assign(new TypeError("Unknown option '--nope'"), {
      code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION',
    });
    expect(formatError(parse)).toMatchObject({ exitCode: EXIT_USAGE });
    const bug = new RangeError('boom');
    const plain = formatError(bug);
    expect(plain).toMatchObject({ exitCode: EXIT_RUNTIME });
    expect(plain.text).toContain('意外错误：boom');
    expect(plain.text).toContain('PLAN_BOT_LOG_LEVEL=debug');
    expect(plain.text).not.toMatch(/\n\s+at /);
    expect(formatError(bug, { debug: true }).text).toContain(bug.stack as string);
    expect(formatError(sys('ENOSPC', '/data/x')).text).toContain('磁盘已满');
  });

  it('names a package that is not installed and how to install it', () => {
    const err = Object.assign(
      new Error(
        "Cannot find package 'wechaty-puppet-xp' imported from /opt/plan-bot/node_modules/wechaty/x.js",
      ),
      { code: 'ERR_MODULE_NOT_FOUND' },
    );
    const r = formatError(err);
    expect(r.exitCode).toBe(EXIT_RUNTIME);
    expect(r.text).toContain('plan-bot：没有安装软件包 wechaty-puppet-xp');
    expect(r.text).toContain('npm install wechaty-puppet-xp');
    const scoped = Object.assign(new Error("Cannot find package '@juzi/wechaty-puppet' imported from /x"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    expect(formatError(scoped).text).toContain('没有安装软件包 @juzi/wechaty-puppet');
  });
});
