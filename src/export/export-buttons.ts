import type { ActionButton } from '../shared/types.js';

/** Buttons for admins (under 帮助 and the weekly digest): each click says the command. */
export const EXPORT_BUTTONS: ActionButton[] = [
  { label: '导出台账 XLSX', say: '导出 xlsx' },
  { label: '导出 CSV', say: '导出 csv' },
  { label: '导出 JSON', say: '导出 json' },
  { label: '本周汇报情况', say: '本周汇报情况' },
];
