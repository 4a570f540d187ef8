import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isWeekId, localDate } from '../checkins/weeks.js';
import { replyAddress } from '../core/reply-address.js';
import type { Knowledge } from '../knowledge/schema.js';
import { findRefs } from '../qa/find-refs.js';
import { resolveUnit } from '../qa/resolve-unit.js';
import type { Clock, IncomingMessage, Outgoing } from '../shared/types.js';
import type { Store } from '../store/store.js';
import type { ExportSupervision } from '../supervision/export-view.js';
import { type ExportFilter, selectExport } from './export-data.js';
import { pruneExports } from './prune-exports.js';
import { type Format, writeExport } from './run-export.js';

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

/** Parses the words after 导出 into a format and filter, or an error in Chinese. */
export function parseExportArgs(
  words: string[],
  kb: Knowledge,
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
      const n = refs.numbers[0] as number;
      if (n < 1 || n > kb.tasks.length)
        return { error: `本方案共${kb.tasks.length}项重点任务，没有任务${n}。` };
      filter.task = n;
      continue;
    }
    const { unit, suggestions } = resolveUnit(kb, w);
    if (unit) {
      filter.unit = unit;
      continue;
    }
    return {
      error: `看不懂“${w}”。${suggestions.length ? `您是不是想说：${suggestions.join('、')}？` : ''}\n用法：导出 [csv|xlsx|json] [起始周 2021-W23] [结束周 2021-W30] [单位] [任务14]`,
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
    kb: Knowledge;
    store: Store;
    clock: Clock;
    dataDir: string;
    isAdmin: boolean;
    supervision?: ExportSupervision;
  },
): Promise<Outgoing[]> {
  const to = replyAddress(msg);
  if (!deps.isAdmin) return [{ to, text: '只有管理员可以导出汇报数据。' }];
  const parsed = parseExportArgs(msg.text.trim().split(/\s+/).slice(1), deps.kb);
  if ('error' in parsed) return [{ to, text: parsed.error }];
  const now = deps.clock.now();
  const data = selectExport(deps.store.data, deps.kb, parsed.filter, now, deps.supervision);
  const dir = path.join(deps.dataDir, 'exports');
  await mkdir(dir, { recursive: true });
  // only validated week ids, a fixed prefix and the time go into the name: nothing a user types becomes a path
  const stamp = `${localDate(now).replace(/-/g, '')}-${now.toISOString().slice(11, 19).replace(/:/g, '')}`;
  const range = `${data.weeks[0] ?? 'all'}_${data.weeks[data.weeks.length - 1] ?? 'all'}`;
  const name = `plan-bot-${range}-${stamp}.${parsed.format}`;
  const out = path.join(dir, name);
  await writeExport(parsed.format, data, out);
  pruneExports(dir, out, now);
  const bytes = await readFile(out);
  const what = `${parsed.format.toUpperCase()}：${data.latest.length}条汇报（${data.weeks[0] ?? '—'}至${data.weeks[data.weeks.length - 1] ?? '—'}${parsed.filter.unit ? `，${parsed.filter.unit}` : ''}${parsed.filter.task ? `，任务${parsed.filter.task}` : ''}）`;
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
