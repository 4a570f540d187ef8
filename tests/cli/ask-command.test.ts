import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TASK14_UNITS, tempDataDir } from '../helpers/temp-bot.js';
import { runCli } from './run-cli.js';

describe('plan-bot ask', () => {
  it('prints the answer to one question', async () => {
    const r = await runCli(['ask', '任务14谁负责']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('县发改局');
    expect(r.stdout).toContain('任务14「推进产教深度融合」');
    expect(r.stderr).toBe('');
  });

  it('--json answers stdin line by line, in order, with nothing else on stdout', async () => {
    const qs = ['县财政局负责哪些任务', '你会唱歌吗', '', '任务１４谁负责', 'task 3 responsible units'];
    const r = await runCli(['ask', '--json'], { input: `${qs.join('\n')}\n` });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(qs.length);
    const rows = lines.map((l) => JSON.parse(l));
    expect(rows.map((x) => x.question)).toEqual(qs);
    expect(rows[0]).toMatchObject({ found: true, tasks: [2, 3, 4, 5, 9, 11, 12, 14, 15, 16, 20] });
    expect(rows[0].units[0]).toBe('县财政局');
    expect(rows[1]).toMatchObject({ found: false, tasks: [], units: [] });
    expect(rows[2]).toMatchObject({ found: false, tasks: [] });
    expect(rows[3]).toMatchObject({ found: true, tasks: [14] });
    expect(rows[3].units).toEqual(TASK14_UNITS);
    expect(rows[4].tasks).toEqual([3]);
    for (const row of rows)
      expect(Object.keys(row).sort()).toEqual(['found', 'plan', 'question', 'tasks', 'text', 'units']);
  });

  it('handles CRLF input and a last line without newline', async () => {
    const r = await runCli(['ask', '--json'], { input: '任务7谁负责\r\n文号' });
    const rows = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((x) => x.question)).toEqual(['任务7谁负责', '文号']);
  });

  it('fails with a clear message for a bad knowledge file or a bad flag', async () => {
    const bad = await runCli(['ask', '任务1', '--knowledge', 'package.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/不是有效的方案文件/);
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);
    const flag = await runCli(['ask', '--nope']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('没有这个选项：--nope');
  });
});

describe('plan-bot start (console, piped)', () => {
  it('exports from the console: the local user is an admin and the file lands under the data directory', async () => {
    const dataDir = tempDataDir();
    const r = await runCli(['start', '--data', dataDir], { input: '导出 csv\n' });
    expect(r.code).toBe(0);
    const name = /\[文件\] (plan-bot-[^（]+\.csv)/.exec(r.stdout)?.[1];
    expect(name).toBeDefined();
    expect(
      readFileSync(path.join(dataDir, 'exports', name as string), 'utf8').startsWith('\uFEFF周次,单位'),
    ).toBe(true);
  });

  it('answers piped questions and exits at end of input', async () => {
    const dataDir = tempDataDir();
    const r = await runCli(['start', '--data', dataDir], { input: '任务14谁负责\n帮助\n' });
    const again = await runCli(['start', '--data', dataDir], { input: '任务7谁负责\n' });
    expect(again.stdout).toContain('任务7「实施品牌专业建设计划」');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('县自然资源局');
    expect(r.stdout).toContain('可以这样问我');
  });
});
