import type { Handler } from '../core/handler.js';
import type { PlanSet } from '../knowledge/plan-set.js';
import { bindByMention } from '../onboarding/bind-mention.js';
import type { ActionButton, Clock } from '../shared/types.js';
import type { Store } from '../store/store.js';
import { runAdminCommand } from './admin-commands.js';
import type { CheckinDesk } from './checkin-desk.js';

/** The admin commands on which the roster and the weekly status depend. */
const ADMIN = new Set(['bind', 'unbind', 'roster', 'weekStatus']);

/** Admins' roster and status commands: 绑定 (also with @), 解绑, 名单, 本周汇报情况. */
export function adminHandler(deps: {
  plans: PlanSet;
  store: Store;
  desk: CheckinDesk;
  clock: Clock;
  /** Buttons under 本周汇报情况 (review and the 督办通报, src/supervision). */
  statusButtons?: () => ActionButton[];
}): Handler {
  return {
    name: 'admin',
    help: {
      section: '',
      adminLines: [
        '管理员：本周汇报情况 [方案] [2021-W23] · 导出 [csv|xlsx|json] [2021-W23] [2021-W30] [单位] [任务N] · 名单 · 绑定 单位 平台:用户ID 姓名 [联络员|备岗|分管领导]（或 绑定 单位 @某人） · 绑定本群 单位 · 解绑 平台:用户ID',
      ],
    },
    match: (ctx) => ADMIN.has(ctx.command?.name ?? ''),
    handle: (ctx) => runAdminCommand(bindByMention(ctx.msg), deps),
  };
}
