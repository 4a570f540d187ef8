import { describe, expect, it } from 'vitest';
import { addWeeks, isWeekId, localDate, weekOf, weekStart } from '../../src/checkins/weeks.js';

describe('ISO weeks in Asia/Shanghai', () => {
  it.each([
    ['2021-06-07T09:05:00+08:00', '2021-W23'],
    ['2021-06-06T23:59:59+08:00', '2021-W22'],
    ['2021-06-06T16:30:00Z', '2021-W23'], // already Monday 00:30 in Shanghai
    ['2021-01-03T12:00:00+08:00', '2020-W53'],
    ['2021-01-04T00:00:00+08:00', '2021-W01'],
    ['2024-12-30T10:00:00+08:00', '2025-W01'],
    ['2026-12-31T10:00:00+08:00', '2026-W53'],
  ])('%s is in %s', (at, week) => {
    expect(weekOf(new Date(at))).toBe(week);
  });

  it('finds the Monday of a week and steps between weeks', () => {
    expect(weekStart('2021-W23').toISOString()).toBe('2021-06-06T16:00:00.000Z');
    expect(localDate(weekStart('2021-W23'))).toBe('2021-06-07');
    expect(addWeeks('2020-W53', 1)).toBe('2021-W01');
    expect(addWeeks('2021-W01', -1)).toBe('2020-W53');
    expect(isWeekId('2021-W23')).toBe(true);
    expect(isWeekId('2021-W54')).toBe(false);
    expect(isWeekId('2021-23')).toBe(false);
  });
});
