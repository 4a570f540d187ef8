import type { Handler } from '../core/handler.js';
import type { Logger } from '../core/logger.js';
import type { Plan } from '../knowledge/plan-set.js';
import type { Store } from '../store/store.js';
import { UserError } from '../user-error.js';
import { planByName } from './find-plan-mention.js';
import { chatKey, type PlanDesk } from './plan-desk.js';
import { planListText } from './plan-list.js';

/** The reply when a plan name does not resolve. */
function unknownPlan(arg: string, desk: PlanDesk): string {
  return `没有找到方案“${arg}”。已加载的方案：\n${desk.set.list.map((p, i) => desk.listLine(p, i)).join('\n')}\n可以用序号、简称、文号或标题中的词指定方案。`;
}

/**
 * Managing the plans in chat: 方案列表 (anyone), and for admins 停用 / 启用 方案 (a stopped plan is kept and
 * exportable, sends no prompts and takes no reports), 本群方案 方案 (the chat's default plan for questions;
 * 本群方案 取消 clears it) and 重新加载方案 (reads the plan folder again, e.g. after `plan-bot import … --out` into
 * it). Each change is stored and committed with the reply.
 */
export function planCommands(desk: PlanDesk, store: Store, log: Logger): Handler[] {
  const adminOnly = (cmd: string) => `只有管理员可以使用“${cmd}”。`;
  return [
    {
      name: 'plan list',
      help: {
        section: '',
        lines: ['• 方案列表：已加载的方案，各方案的任务数、责任单位数和本周汇报率'],
        adminLines: [
          '管理员（方案）：停用 方案 · 启用 方案 · 本群方案 方案（本群提问默认用该方案；本群方案 取消） · 重新加载方案（新方案放入方案目录后）',
        ],
      },
      match: (ctx) => ctx.command?.name === 'planList',
      handle: (ctx) => [ctx.reply(planListText(desk.set, store, ctx.now))],
    },
    {
      name: 'plan stop/start',
      match: (ctx) => ctx.command?.name === 'planStop' || ctx.command?.name === 'planStart',
      handle(ctx) {
        const cmd = ctx.command as NonNullable<typeof ctx.command>;
        if (!ctx.sender.admin) return [ctx.reply(adminOnly(cmd.word))];
        const stop = cmd.name === 'planStop';
        if (!cmd.rest) return [ctx.reply(`用法：${stop ? '停用' : '启用'} 方案名称（或方案列表中的序号）`)];
        const plan = planByName(cmd.rest, desk.set);
        if (!plan) return [ctx.reply(unknownPlan(cmd.rest, desk))];
        if (desk.isStopped(plan.id) === stop)
          return [
            ctx.reply(
              `${plan.short}${stop ? '已经是停用状态' : '没有停用'}，无需${stop ? '停用' : '启用'}。`,
            ),
          ];
        store.setPlanStopped(plan.id, stop);
        ctx.save(`未保存：服务器写入失败，${plan.short}没有${stop ? '停用' : '启用'}，请稍后再试。`);
        log.info({ plan: plan.id, stopped: stop }, 'plan state changed');
        return [
          ctx.reply(
            stop
              ? `已停用${plan.short}（${plan.kb.document.docNumber}）：不再发送每周汇报提醒，也不再收集汇报；已有记录保留，可以继续查询和导出（导出 ${plan.short}）。发送“启用 ${plan.short}”恢复。`
              : `已启用${plan.short}（${plan.kb.document.docNumber}）：从下一次每周提醒起恢复收集汇报。`,
          ),
        ];
      },
    },
    {
      name: 'chat plan',
      match: (ctx) => ctx.command?.name === 'chatPlan',
      handle(ctx) {
        const cmd = ctx.command as NonNullable<typeof ctx.command>;
        const current = desk.chatPlan(ctx.msg);
        if (!cmd.rest)
          return [
            ctx.reply(
              current
                ? `本群的默认方案是${current.short}（${current.kb.document.docNumber}）：没有写方案名称的问题按该方案回答。`
                : `本群没有设置默认方案${desk.many ? '：问题没有写方案名称时，按问题内容判断，判断不了会先问您是哪个方案' : ''}。管理员可以发送“本群方案 方案名称”设置。`,
            ),
          ];
        if (!ctx.sender.admin) return [ctx.reply(adminOnly('本群方案'))];
        if (/^(?:取消|清除|删除|无|不设|none)$/i.test(cmd.rest)) {
          store.setChatPlan(chatKey(ctx.msg), undefined);
          ctx.save('未保存：服务器写入失败，本群默认方案没有取消，请稍后再试。');
          return [ctx.reply('已取消本群的默认方案。')];
        }
        const plan: Plan | undefined = planByName(cmd.rest, desk.set);
        if (!plan) return [ctx.reply(unknownPlan(cmd.rest, desk))];
        store.setChatPlan(chatKey(ctx.msg), plan.id);
        ctx.save('未保存：服务器写入失败，本群默认方案没有设置，请稍后再试。');
        return [
          ctx.reply(
            `已将${plan.short}（《${plan.kb.document.title}》${plan.kb.document.docNumber}）设为本群的默认方案：本群没有写方案名称的问题按该方案回答。`,
          ),
        ];
      },
    },
    {
      name: 'reload plans',
      match: (ctx) => ctx.command?.name === 'reloadPlans',
      handle(ctx) {
        if (!ctx.sender.admin) return [ctx.reply(adminOnly('重新加载方案'))];
        try {
          const r = desk.set.reload();
          log.info(r, 'plans reloaded');
          const name = (id: string) => desk.set.get(id)?.short ?? id;
          const parts = [
            `已重新加载方案目录，现有${desk.set.size}个方案。`,
            ...(r.added.length ? [`新增：${r.added.map(name).join('、')}`] : []),
            ...(r.removed.length ? [`移除：${r.removed.join('、')}（已有记录保留在数据中）`] : []),
            ...(r.added.length || r.removed.length ? [] : ['没有新增或移除的方案（已有方案的内容已更新）。']),
          ];
          return [ctx.reply(parts.join('\n'))];
        } catch (err) {
          log.warn({ err }, 'plans not reloaded');
          const why = err instanceof UserError ? err.message : '读取方案文件出错';
          return [ctx.reply(`没有重新加载：${why}\n原有方案继续使用。`)];
        }
      },
    },
  ];
}
