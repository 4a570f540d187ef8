import type { Status } from '../store/db-schema.js';

/** Chinese label of a reported status. */
export const STATUS_LABEL: Record<Status, string> = {
  normal: '正常推进',
  done: '已完成',
  delayed: '滞后',
  blocked: '受阻',
  none: '本周无进展',
};
