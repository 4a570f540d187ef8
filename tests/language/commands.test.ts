import { describe, expect, it } from 'vitest';
import { readCommand } from '../../src/language/commands.js';

describe('readCommand', () => {
  it('reads whole-text commands with spaces, case and closing punctuation ignored', () => {
    expect(readCommand('帮助')?.name).toBe('help');
    expect(readCommand('  My ID ')?.name).toBe('myId');
    expect(readCommand('我的 ID。')?.name).toBe('myId');
    expect(readCommand('?')?.name).toBe('help');
    expect(readCommand('在吗？')?.name).toBe('ping');
  });

  it('reads a head word with its arguments, the longest word first', () => {
    expect(readCommand('导出 xlsx 2021-W23')).toEqual({
      name: 'export',
      word: '导出',
      rest: 'xlsx 2021-W23',
    });
    expect(readCommand('绑定本群 县财政局')?.name).toBe('bindChat');
    expect(readCommand('绑定 县财政局 lark:ou_1 王会计')?.name).toBe('bind');
    expect(readCommand('本周汇报情况 2021-W23')?.rest).toBe('2021-W23');
  });

  it('needs a space after a head word, but not after a prefix', () => {
    expect(readCommand('导出来的表格在哪里')).toBeUndefined();
    expect(readCommand('撤回任务3')).toEqual({ name: 'withdraw', word: '撤回', rest: '任务3' });
  });

  it('strings courtesy words together, and leaves everything else alone', () => {
    expect(readCommand('收到，谢谢！')?.name).toBe('thanks');
    expect(readCommand('好的 收到')?.name).toBe('ack');
    expect(readCommand('好的，那任务14谁负责')).toBeUndefined();
    expect(readCommand('任务14谁负责')).toBeUndefined();
    expect(readCommand('')).toBeUndefined();
  });
});
