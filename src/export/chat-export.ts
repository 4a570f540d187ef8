import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isWeekId, localDate } from '../checkins/weeks.js';
import { replyAddress } from '../core/reply-address.js';
import type { Plan, PlanSet } from '../knowledge/plan-set.js';
import { planByName } from '../plans/find-plan-mention.js';
import { findRefs } from '../qa/find-refs.js';
import { resolveUnit } from '../qa/resolve-unit.js';
import type { Clock, IncomingMessage, Outgoing } from '../shared/types.js';
import type { Store } from '../store/store.js';
import type { ExportSupervision } from '../supervision/export-view.js';
import type { ExportFilter } from './export-data.js';
import { rowCount, selectPlansExport, writePlansExport } from './plans-export.js';
import { pruneExports } from './prune-exports.js';
import type { Format } from './run-export.js';

/** The chat command: 导出 [csv|xlsx|json] [from-week] [to-week] [unit] [任务N]. */
export const EXPORT_COMMAND = /^(?:导出|export)(?:\s|$)/i;

const FORMAT_WORDS: Record<string, Format> = {
  csv: 'csv',
  xlsx: 'xlsx',
  excel: 'xlsx',
  表格: 'xlsx',
  台账: 'xlsx',
  json: 'json',
};

/** Parses the words after 导出 (a plan's name among them) into a format and filter, or an error in Chinese. */
export function parseExportArgs(
  words: string[],
  plans: PlanSet,
): { format: Format; filter: ExportFilter } | { error: string } {
  let format: Format = 'xlsx';
  const weeks: string[] = [];
  const filter: ExportFilter = {};
  for (const w of words) {
    const f = FORMAT_WORDS[w.toLowerCase()];
    if (f) {
      format = f;
      continue;
    }
    if (/^\d{4}-w\d{2}$/i.test(w)) {
      const id = w.toUpperCase().replace('-W', '-W');
      if (!isWeekId(id)) return { error: `“${w}”不是有效的周次，格式如 2021-W23。` };
      weeks.push(id);
      continue;
    }
    const refs = findRefs(w);
    if (refs?.kind === 'task' && refs.numbers.length === 1) {
      filter.task = refs.numbers[0] as number;
      continue;
    }
    const { unit, suggestions } = resolveUnit(plans.unitKb, w);
    if (unit) {
      filter.unit = unit;
      continue;
    }
    const plan = plans.size > 1 && !/^\d+$/.test(w) ? planByName(w, plans) : undefined;
    if (plan) {
      filter.plan = plan.id;
      continue;
    }
    return {
      error: `看不懂“${w}”。${suggestions.length ? `您是不是想说：${suggestions.join('、')}？` : ''}\n用法：导出 ${plans.size > 1 ? '[方案] ' : ''}[csv|xlsx|json] [起始周 2021-W23] [结束周 2021-W30] [单位] [任务14]`,
    };
  }
  if (filter.task !== undefined) {
    const scope = filter.plan ? plans.list.filter((p) => p.id === filter.plan) : plans.list;
    const most = Math.max(...scope.map((p) => p.kb.tasks.length));
    const n = filter.task;
    if (n < 1 || n > most)
      return {
        error: `${filter.plan ? '该方案' : '本方案'}共${most}项重点任务，没有任务${n}。`,
      };
  }
  const [from, to] = weeks;
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (from && to && from > to) return { error: `起始周${from}晚于结束周${to}。` };
  return { format, filter };
}

/** An admin's "导出": writes the file under the data directory and delivers it into the chat. */
export async function chatExport(
  msg: IncomingMessage,
  deps: {
    plans: PlanSet;
    store: Store;
    clock: Clock;
    dataDir: string;
    isAdmin: boolean;
    supervision?: (plan: Plan) => ExportSupervision;
  },
): Promise<Outgoing[]> {
  const to = replyAddress(msg);
  if (!deps.isAdmin) return [{ to, text: '只有管理员可以导出汇报数据。' }];
  const parsed = parseExportArgs(msg.text.trim().split(/\s+/).slice(1), deps.plans);
  if ('error' in parsed) return [{ to, text: parsed.error }];
  const now = deps.clock.now();
  const selected = selectPlansExport(deps.store.data, deps.plans, parsed.filter, now, deps.supervision);
  const weeks = [...new Set(selected.parts.flatMap((p) => p.data.weeks))].sort();
  const dir = path.join(deps.dataDir, 'exports');
  await mkdir(dir, { recursive: true });
  // only validated week ids, a fixed prefix and the time go into the name: nothing a user types becomes a path
  const stamp = `${localDate(now).replace(/-/g, '')}-${now.toISOString().slice(11, 19).replace(/:/g, '')}`;
  const range = `${weeks[0] ?? 'all'}_${weeks[weeks.length - 1] ?? 'all'}`;
  // a plan's id is a file name the admin chose (letters, digits, - and _ only are kept)
  const planPart = parsed.filter.plan ? `${parsed.filter.plan.replace(/[^\w-]/g, '')}-` : '';
  const name = `plan-bot-${planPart}${range}-${stamp}.${parsed.format}`;
  const out = path.join(dir, name);
  await writePlansExport(parsed.format, selected, out);
  pruneExports(dir, out, now);
  const bytes = await readFile(out);
  const planNames = deps.plans.size > 1 ? `${selected.parts.map((p) => p.plan.short).join('、')}，` : '';
  const what = `${parsed.format.toUpperCase()}：${planNames}${rowCount(selected)}条汇报（${weeks[0] ?? '—'}至${weeks[weeks.length - 1] ?? '—'}${parsed.filter.unit ? `，${parsed.filter.unit}` : ''}${parsed.filter.task ? `，任务${parsed.filter.task}` : ''}）`;
  const file = { name, bytes: new Uint8Array(bytes) };
  if (msg.chatType === 'group') {
    // the ledger is for the admin, not for everyone in the group: the file goes to them directly
    const direct = { platform: msg.platform, chatId: msg.sender.id, userId: msg.sender.id };
    return [
      { to, text: `导出文件（${what}）已私信发送给您，请在与我的单聊中查收。` },
      { to: direct, text: `已导出${what}，文件已保存在数据目录 exports/${name}`, file },
    ];
  }
  return [{ to, text: `已导出${what}，文件已保存在数据目录 exports/${name}`, file }];
}
