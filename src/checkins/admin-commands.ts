import { replyAddress } from '../core/reply-address.js';
import type { PlanSet } from '../knowledge/plan-set.js';
import { planByName } from '../plans/find-plan-mention.js';
import { resolveUnit } from '../qa/resolve-unit.js';
import type { ActionButton, Clock, IncomingMessage, Outgoing } from '../shared/types.js';
import type { Member } from '../store/db-schema.js';
import type { Store } from '../store/store.js';
import type { CheckinDesk } from './checkin-desk.js';
import { ROLE_LABEL, roleOf } from './member-roles.js';
import { plansStatusText } from './weekly-messages.js';
import { isWeekId, weekOf } from './weeks.js';

/** Admin commands recognised in chat, by their first word. */
export const ADMIN_COMMAND =
  /^(绑定|解绑|名单|花名册|联络员名单|本周汇报情况|汇报情况|本周汇报|谁没报|未汇报)(?:\s|$)/;

const USAGE = {
  bind: '用法：绑定 单位名称 平台:用户ID 姓名 [联络员|备岗|分管领导]\n例如：绑定 县财政局 lark:ou_abc123 王会计 联络员',
  unbind: '用法：解绑 平台:用户ID\n例如：解绑 lark:ou_abc123',
};

/** Runs an admin command (roster and weekly status); refuses everyone who is not an admin. */
export async function runAdminCommand(
  msg: IncomingMessage,
  deps: {
    plans: PlanSet;
    store: Store;
    desk: CheckinDesk;
    clock: Clock;
    statusButtons?: () => ActionButton[];
  },
): Promise<Outgoing[]> {
  const to = replyAddress(msg);
  const [cmd = '', ...args] = msg.text.trim().split(/\s+/);
  if (!deps.desk.isAdmin(msg)) return [{ to, text: `只有管理员可以使用“${cmd}”。如需帮助请联系管理员。` }];
  const roster = deps.desk.roster;
  if (cmd === '绑定') {
    const [unitName, ref, name, roleWord] = args;
    const m = /^(lark|wechat|wecom|console):(.+)$/.exec(ref ?? '');
    if (!unitName || !m?.[1] || !m[2] || !name) return [{ to, text: USAGE.bind }];
    const { unit, suggestions } = resolveUnit(deps.plans.unitKb, unitName);
    if (!unit) {
      return [
        {
          to,
          text: `没有找到单位“${unitName}”。${suggestions.length ? `您是不是想说：${suggestions.join('、')}？` : ''}\n${USAGE.bind}`,
        },
      ];
    }
    const role: Member['role'] = roleOf(roleWord) ?? 'liaison';
    const moved = roster.bind(unit, { platform: m[1] as Member['platform'], id: m[2], name, role });
    try {
      await deps.store.commit();
    } catch {
      return [{ to, text: '未保存：服务器写入失败，绑定没有生效，请稍后再试。' }];
    }
    const mine = roster.tasksOf(unit);
    const tasks =
      deps.plans.size > 1
        ? [...new Set(mine.map((t) => t.plan))].map(
            (p) =>
              `${p.short}任务${mine
                .filter((t) => t.plan === p)
                .map((t) => t.task.no)
                .join('、')}`,
          )
        : mine.map((t) => `${t.task.no}`);
    return [
      {
        to,
        text: `已绑定：${name}（${m[1]}:${m[2]}）为${unit}${ROLE_LABEL[role]}${moved ? `（已从${moved}移出）` : ''}。该单位负责${deps.plans.size > 1 ? '' : '任务'}${tasks.join(deps.plans.size > 1 ? '；' : '、') || '（无编号任务）'}。`,
      },
    ];
  }
  if (cmd === '解绑') {
    const m = /^(lark|wechat|wecom|console):(.+)$/.exec(args[0] ?? '');
    if (!m?.[1] || !m[2]) return [{ to, text: USAGE.unbind }];
    const unit = roster.unbind(m[1], m[2]);
    if (!unit) return [{ to, text: `${args[0]}不在花名册中。` }];
    try {
      await deps.store.commit();
    } catch {
      return [{ to, text: '未保存：服务器写入失败，解绑没有生效，请稍后再试。' }];
    }
    return [{ to, text: `已解绑：${args[0]}（原属${unit}）。` }];
  }
  if (/^(名单|花名册|联络员名单)$/.test(cmd)) {
    const units = roster.units();
    if (units.length === 0) return [{ to, text: `花名册为空。${USAGE.bind}` }];
    const lines = units.map((u) => {
      const people = u.members.map((p) => `${p.name}（${p.platform}:${p.id}，${ROLE_LABEL[p.role]}）`);
      return `• ${u.unit}${u.chat ? `［群 ${u.chat.platform}:${u.chat.id}］` : ''}：${people.join('、') || '无成员'}`;
    });
    return [{ to, text: `花名册（${units.length}个单位）：\n${lines.join('\n')}` }];
  }
  // 本周汇报情况 [方案] [2021-W23]: one plan's status, or every plan's with a line per plan
  const weekArg = args.find((a) => isWeekId(a));
  const planArg = args.filter((a) => a !== weekArg).join('');
  const plan = planArg ? planByName(planArg, deps.plans) : undefined;
  if (planArg && !plan) return [{ to, text: `没有找到方案“${planArg}”。发送“方案列表”查看已加载的方案。` }];
  const week = weekArg ?? weekOf(deps.clock.now());
  const stopped = deps.store.data.plans.stopped;
  const shown = plan ? [plan] : deps.plans.list.filter((p) => !stopped.includes(p.id));
  const buttons = deps.statusButtons?.() ?? [];
  return [
    {
      to,
      text: plansStatusText(roster, deps.plans, week, shown.length ? shown : deps.plans.list),
      ...(buttons.length ? { buttons } : {}),
    },
  ];
}
