import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { addWeeks, weekStart } from '../../src/checkins/weeks.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { runCli } from '../cli/run-cli.js';
import { tempDataDir } from '../helpers/temp-bot.js';

/**
 * The quarter shown in docs/web.md: every unit rostered, reporting its tasks each Monday for 12 weeks with progress
 * near 序时进度, one message per unit (one line per task); 县税务局 falls silent after W30, 县工科局 reports task 15
 * delayed from W31, 县发改局 reports task 16 blocked from W33, 县教育局 finishes task 19 in W28.
 */
export async function buildDocsScenario(): Promise<string> {
  const kb = loadKnowledge();
  const dataDir = tempDataDir();
  const roster = kb.units.map((u, i) => ({
    unit: u.name,
    members: [{ platform: 'lark', id: `ou_u${i}`, name: `联络员${i + 1}`, role: 'liaison' }],
  }));
  const lines: unknown[] = [{ roster }];
  const issued = Date.parse('2021-04-28T00:00:00+08:00');
  const deadline = Date.parse('2022-12-31T23:59:59+08:00');
  let week = '2021-W23';
  for (let w = 0; w < 12; w++, week = addWeeks(week, 1)) {
    const end = weekStart(week).getTime() + 7 * 86400_000;
    const expected = Math.round(((end - issued) / (deadline - issued)) * 100);
    kb.units.forEach((u, i) => {
      if (u.name === '县税务局' && w > 7) return;
      const items = kb.tasks
        .filter((t) => t.units.includes(u.name))
        .map((t) => {
          if (t.no === 19 && u.name === '县教育局' && w >= 5) return `任务19 已完成`;
          const p = Math.min(100, expected + ((t.no * 7 + i * 3) % 9) - 2);
          if (t.no === 15 && u.name === '县工科局' && w >= 8)
            return `任务15 进度${p - 6}% 进展缓慢，合作企业未确定`;
          if (t.no === 16 && u.name === '县发改局' && w >= 10)
            return `任务16 进度${p - 4}% 受阻，用地指标未落实`;
          return `任务${t.no} 进度${p}% 按计划推进`;
        });
      if (!items.length) return;
      // Monday from 09:00 (Asia/Shanghai), one unit every 7 minutes
      const at = new Date(weekStart(week).getTime() + (9 * 60 + i * 7) * 60_000);
      lines.push({
        at: at.toISOString(),
        platform: 'lark',
        chat: `ou_u${i}`,
        chatType: 'direct',
        from: `ou_u${i}`,
        text: items.join('\n'),
      });
    });
  }
  const file = path.join(dataDir, 'docs.jsonl');
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  const r = await runCli(['replay', file, '--data', dataDir], { env: { PLAN_BOT_ADMINS: '' } });
  if (r.code !== 0) throw new Error(`replay failed: ${r.stderr}`);
  return dataDir;
}
