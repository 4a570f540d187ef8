import { describe, expect, it } from 'vitest';
import { parseNumeral } from '../../src/language/numerals.js';

describe('parseNumeral', () => {
  it.each([
    ['14', 14],
    ['十四', 14],
    ['十', 10],
    ['二十', 20],
    ['二十一', 21],
    ['一四', 14],
    ['两', 2],
    ['九十九', 99],
    ['一百零五', 105],
    ['九百九十九', 999],
    ['〇', 0],
    ['-1', -1],
    ['fourteen', 14],
    ['Twenty', 20],
  ])('%s → %i', (raw, n) => {
    expect(parseNumeral(raw)).toBe(n);
  });

  it.each(['', '十四五', '二三十', 'abc', '1+x'])('rejects %j', (raw) => {
    expect(parseNumeral(raw)).toBeUndefined();
  });
});

describe('other numeral forms', () => {
  it.each([
    ['叁', 3],
    ['拾贰', 12],
    ['贰拾', 20],
    ['twelfth', 12],
    ['xv', 15],
    ['IV', 4],
  ])('%s → %i', (raw, n) => {
    expect(parseNumeral(raw)).toBe(n);
  });
});
