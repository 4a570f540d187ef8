import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseRoster } from '../checkins/roster-file.js';
import type { Config } from '../config.js';
import { silentLogger } from '../core/logger.js';
import { buildCore } from '../main.js';
import type { Outgoing } from '../shared/types.js';
import { dueEntries } from '../store/outbox.js';
import { UserError } from '../user-error.js';

const platform = z.enum(['lark', 'wechat', 'wecom', 'console']);
const at = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO date-time');
const lineSchema = z.union([
  z.object({
    at,
    platform,
    chat: z.string().min(1),
    chatType: z.enum(['direct', 'group']),
    from: z.string().min(1),
    name: z.string().optional(),
    text: z.string(),
    mention: z.boolean().optional(),
    id: z.string().optional(),
    /** The text of a message the reply quotes (a prompt, a confirmation). */
    quote: z.string().optional(),
  }),
  z.object({ at, tick: z.literal(true) }),
  z.object({ admins: z.array(z.string().regex(/^(lark|wechat|wecom|console):.+$/)) }),
  z.object({ leaders: z.array(z.string().regex(/^(lark|wechat|wecom|console):.+$/)) }),
  z.object({ roster: z.array(z.unknown()) }),
]);

/** Raised for a transcript that cannot be replayed; names the line. */
export class ReplayError extends UserError {}

/**
 * `plan-bot replay transcript.jsonl`: feeds a conversation through the bot on a simulated clock and writes every
 * outgoing message as a JSON line {"at","platform","to","text"} (and "file" for files). Lines name the admins and
 * the county leaders ({"leaders": [...]}), set the roster, send messages, or tick the weekly clock.
 */
export async function replayCommand(
  file: string,
  config: Config,
  output: NodeJS.WritableStream,
): Promise<number> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const parsed = lines.flatMap((raw, i) => {
    if (!raw.trim()) return [];
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      throw new ReplayError(`${file}:${i + 1}：不是 JSON（${(e as Error).message}）`);
    }
    const r = lineSchema.safeParse(data);
    if (!r.success)
      throw new ReplayError(`${file}:${i + 1}：不是消息、"tick"、"admins"、"leaders" 或 "roster" 行`);
    return [{ n: i + 1, line: r.data }];
  });
  const first = parsed.find((p) => 'at' in p.line);
  let now = new Date(first && 'at' in first.line ? Date.parse(first.line.at) - 1 : Date.now());
  const admins = [...config.admins];
  const leaders = [...config.leaders];
  const core = await buildCore(
    { ...config, admins, leaders },
    { log: silentLogger, clock: { now: () => now } },
  );
  const print = (out: Outgoing[]) => {
    for (const o of out) {
      const row: Record<string, unknown> = {
        at: now.toISOString(),
        platform: o.to.platform,
        to: o.to.userId ?? o.to.chatId,
      };
      if ('text' in o && o.text !== undefined) row.text = o.text;
      if ('file' in o) row.file = o.file.name;
      output.write(`${JSON.stringify(row)}\n`);
    }
  };
  try {
    for (const { n, line } of parsed) {
      if ('admins' in line || 'leaders' in line) {
        // the county leaders (PLAN_BOT_LEADERS) are named like the admins
        const [list, refs] = 'admins' in line ? [admins, line.admins] : [leaders, line.leaders];
        for (const a of refs) {
          const [p, ...id] = a.split(':');
          list.push({ platform: p as 'lark', id: id.join(':') });
        }
        continue;
      }
      if ('roster' in line) {
        core.desk.roster.replace(parseRoster(line.roster, core.plans.set.unitKb, `${file}:${n}`));
        await core.desk.roster.save();
        continue;
      }
      const t = new Date(line.at);
      if (t < now) throw new ReplayError(`${file}:${n}：时间倒退了（${line.at}）`);
      now = t;
      if ('tick' in line) {
        print(await core.runDue(now));
        // printed is delivered, in a replay
        for (const e of dueEntries(core.store.data, now)) core.store.dropOutbox(e.id);
        await core.store.commit();
        continue;
      }
      print(
        await core.handle({
          platform: line.platform,
          id: line.id ?? `replay-${n}`,
          chatId: line.chat,
          chatType: line.chatType,
          sender: { id: line.from, ...(line.name ? { name: line.name } : {}) },
          text: line.text,
          mentionsBot: line.mention ?? line.chatType === 'direct',
          at: now,
          ...(line.quote ? { quote: { text: line.quote } } : {}),
        }),
      );
    }
  } finally {
    // the store is compacted and its lock released, so that the data directory is one plain file again
    await core.store.close();
  }
  return 0;
}
