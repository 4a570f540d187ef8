import type { Platform } from './types.js';

/** Each platform's name as county staff know it (the export's 平台 column, status lines). */
export const PLATFORM_NAME: Record<Platform, string> = {
  lark: '飞书',
  wecom: '企业微信',
  wechat: '微信',
  console: '控制台',
};
