import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { toSimplified, traditionalChars } from '../../src/language/to-simplified.js';

describe('toSimplified', () => {
  it('converts what officials type in traditional characters', () => {
    expect(toSimplified('任務九由誰負責')).toBe('任务九由谁负责');
    expect(toSimplified('縣財政局參與了幾項任務')).toBe('县财政局参与了几项任务');
    expect(toSimplified('任务14谁负责')).toBe('任务14谁负责');
  });

  it('knows every character opencc-js changes (regenerate traditional-chars.txt when opencc-js is upgraded)', () => {
    const OpenCC = createRequire(import.meta.url)('opencc-js/t2cn') as {
      Converter(o: object): (s: string) => string;
    };
    const c = OpenCC.Converter({ from: 'tw', to: 'cn' });
    const changed: string[] = [];
    for (const [from, to] of [
      [0x3400, 0x9fff],
      [0xf900, 0xfaff],
    ] as const) {
      for (let cp = from; cp <= to; cp++) {
        const ch = String.fromCodePoint(cp);
        if (c(ch) !== ch) changed.push(ch);
      }
    }
    expect([...traditionalChars()].join('')).toBe(changed.join(''));
  });
});
