import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../../adapters/console/console-adapter.js';
import { tempBot } from '../../helpers/temp-bot.js';

async function chat(lines: string[], interactive: boolean): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  const adapter = new ConsoleAdapter({ input, output, interactive, greeting: 'hello' });
  const { core } = await tempBot();
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
});
