import chineseDays from 'chinese-days';
import { localDate } from './weeks.js';

// chinese-days ships CommonJS for Node: named ESM imports fail at run time, the default import works
const { isWorkday } = chineseDays;
const DAY_MS = 86400_000;

/**
 * Moves an instant that falls on a Chinese public holiday or weekend to the same time on the next workday,
 * honouring 调休 make-up workdays (chinese-days calendar).
 */
export function nextWorkdayAt(at: Date): Date {
  let t = at.getTime();
  for (let i = 0; i < 30 && !isWorkday(localDate(new Date(t))); i++) t += DAY_MS;
  return new Date(t);
}
