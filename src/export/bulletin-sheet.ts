import type { BulletinRow } from '../supervision/bulletin.js';

/** Column headers of the 督办通报 sheet. */
export const BULLETIN_HEADERS = [
  '排名',
  '单位',
  '逾期任务数',
  '逾期任务（截止日期，逾期天数）',
  '最长逾期天数',
  '未报次数',
  '连续未报周数',
  '未报周次',
  '迟报次数',
  '督办级别',
];

const LEVEL = {
  reached: ['', '已提醒分管领导', '已报县领导'],
  unreached: ['', '应提醒分管领导（未绑定）', '应报县领导（未配置）'],
} as const;

/** The rows of the 督办通报 sheet: every unit behind, in rank order, with item numbers and days overdue. */
export function bulletinSheetRows(rows: BulletinRow[]): (string | number)[][] {
  return rows.map((r) => [
    r.rank,
    r.unit,
    r.overdue.length,
    r.overdue.map((o) => `任务${o.task}（${o.deadline.label}，逾期${o.days}天）`).join('；'),
    r.overdue.reduce((m, o) => Math.max(m, o.days), 0),
    r.missed.length,
    r.streak.length,
    r.missed.join('、'),
    r.late.length,
    LEVEL[r.reached ? 'reached' : 'unreached'][r.level],
  ]);
}
