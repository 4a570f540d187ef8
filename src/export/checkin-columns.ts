import { STATUS_LABEL } from '../checkins/status-labels.js';
import { localDate } from '../checkins/weeks.js';
import type { Knowledge } from '../knowledge/schema.js';
import { PLATFORM_NAME } from '../shared/platform-names.js';
import { reviewState } from '../supervision/review-state.js';
import type { LatestRow } from './export-data.js';

/** Column headers of the check-in table (CSV and the XLSX 汇报记录 sheet). */
export const CHECKIN_HEADERS = [
  '周次',
  '单位',
  '任务编号',
  '任务名称',
  '角色',
  '进度(%)',
  '状态',
  '情况说明',
  '汇报人',
  '平台',
  '汇报日期',
  '汇报时间',
  '是否逾期',
  '版本数',
  '佐证材料',
  '平台昵称',
  '平台账号',
  '审核状态',
  '审核人',
  '审核时间',
  '退回原因',
  '重新提交',
];

/** HH:MM:SS in Asia/Shanghai (UTC+8, no daylight saving); Intl formatting per row was the export's bottleneck. */
function localTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(11, 19);
}

/** One row of the check-in table: 汇报人 is the roster name at the time; the platform's own name is apart. */
export function checkinCells(kb: Knowledge, row: LatestRow): (string | number)[] {
  const c = row.record;
  const task = kb.tasks[c.task - 1];
  const at = new Date(c.at);
  return [
    c.week,
    c.unit,
    c.task,
    task?.title ?? '',
    task?.units[0] === c.unit ? '牵头' : '配合',
    c.progress ?? '',
    STATUS_LABEL[c.status],
    c.note,
    c.by.member ?? c.by.name ?? c.by.id,
    PLATFORM_NAME[c.by.platform],
    localDate(at),
    localTime(at),
    c.late ? '是' : '否',
    row.versions,
    (c.evidence ?? []).map((e) => `${e.name}（${e.file}）`).join('；'),
    c.by.name ?? '',
    c.by.id,
    reviewState(c),
    c.review ? (c.review.by.name ?? c.review.by.id) : '',
    c.review ? `${localDate(new Date(c.review.at))} ${localTime(new Date(c.review.at))}` : '',
    c.review?.reason ?? '',
    c.resubmitOf ? '是' : '',
  ];
}
