import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../../adapters/console/console-adapter.js';
import { tempBot } from '../../helpers/temp-bot.js';

async function chat(lines: string[], interactive: boolean, roster?: unknown): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  const adapter = new ConsoleAdapter({ input, output, interactive, greeting: 'hello' });
  const { core } = await tempBot(roster ? { roster } : {});
  const done = adapter.start(core);
  input.end(lines.join('\n'));
  await done;
  return out;
}

describe('console adapter', () => {
  it('sends each line through the core and prints the answer', async () => {
    const out = await chat(['第十四项的责任单位', '县财政局负责哪些任务'], false);
    expect(out).toContain('任务14「推进产教深度融合」的责任单位共7个');
    expect(out).toContain('县财政局是11项重点任务的责任单位');
    expect(out).not.toContain('> ');
  });

  it('shows a greeting and prompts when interactive, and stops at 退出', async () => {
    const out = await chat(['文号', '退出', '任务1谁负责'], true);
    expect(out.startsWith('hello\n> ')).toBe(true);
    expect(out).toContain('稷政发〔2021〕6号');
    expect(out).not.toContain('任务1「');
  });

  it('shows a confirmation as numbered text and takes "1" for 确认记录 (a text platform has no buttons)', async () => {
    const roster = [
      {
        unit: '县财政局',
        members: [{ platform: 'console', id: 'console-user', name: '张三', role: 'liaison' }],
      },
    ];
    const out = await chat(['实训基地已完成选址，进度30%', '1'], false, roster);
    expect(out).toContain('请问是否记录以下内容？');
    expect(out).toContain('回复“1”或“是”确认记录；“2”修改（或直接发送正确的一行）；“3”或“否”不记录。');
    expect(out).toContain('已记录 县财政局');
    expect(out).toContain('• 任务16「实施高水平实训基地建设计划」进度30%');
  });
});
