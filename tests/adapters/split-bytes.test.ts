import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitBytes, utf8Bytes } from '../../adapters/shared/split-bytes.js';

describe('splitBytes', () => {
  it('keeps short text whole and cuts at line breaks first', () => {
    expect(splitBytes('任务14', 2048)).toEqual(['任务14']);
    expect(splitBytes('一二三\n四五六', 10)).toEqual(['一二三', '四五六']);
  });

  it('never exceeds the byte limit and loses no character (emoji, CJK, ASCII)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.integer({ min: 8, max: 64 }),
        (s, max) => {
          const parts = splitBytes(s, max);
          for (const p of parts) expect(utf8Bytes(p)).toBeLessThanOrEqual(max);
          expect(parts.join('').replace(/\n/g, '')).toBe(s.replace(/\n/g, ''));
        },
      ),
      { numRuns: 300 },
    );
  });
});
