import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { seedRoster } from '../../src/checkins/seed-roster.js';
import { silentLogger } from '../../src/core/logger.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { composeBot } from '../../src/main.js';
import type { Attachment } from '../../src/shared/types.js';
import { FileStore } from '../../src/store/file-store.js';
import { runCli } from '../cli/run-cli.js';
import { TestClock, tempDataDir } from '../helpers/temp-bot.js';

/** The admin and the leader of the scenario. */
export const ADMIN = 'lark:ou_admin';
export const LEADER = 'lark:ou_leader';

/** Four units with liaisons on Lark and WeChat. */
export const SCENARIO_ROSTER = [
  { unit: '县教育局', members: [{ platform: 'lark', id: 'ou_edu', name: '周老师', role: 'liaison' }] },
  { unit: '县财政局', members: [{ platform: 'lark', id: 'ou_fin1', name: '王会计', role: 'liaison' }] },
  { unit: '县人社局', members: [{ platform: 'wechat', id: 'wxid_hr', name: '孙科长', role: 'liaison' }] },
  { unit: '县文旅局', members: [{ platform: 'wechat', id: 'wxid_tour', name: '赵文', role: 'liaison' }] },
];

const PEOPLE: Record<string, { platform: string; id: string; name: string }> = {
  edu: { platform: 'lark', id: 'ou_edu', name: '周老师' },
  fin: { platform: 'lark', id: 'ou_fin1', name: '王会计' },
  hr: { platform: 'wechat', id: 'wxid_hr', name: '孙科长' },
  tour: { platform: 'wechat', id: 'wxid_tour', name: '赵文' },
};

/** Four weeks of reports (2021-W23 to W26): plain, corrected, withdrawn, delayed, blocked, finished, late. */
const MESSAGES: [string, keyof typeof PEOPLE, string][] = [
  ['2021-06-07T09:10:00+08:00', 'edu', '任务7 进度10% 已制定品牌专业建设方案'],
  ['2021-06-07T09:12:00+08:00', 'edu', '任务19 已完成'],
  ['2021-06-07T09:15:00+08:00', 'edu', '任务10 进度20% 已召开工匠选树动员会'],
  ['2021-06-07T10:00:00+08:00', 'tour', '任务10 进度30% 后稷工匠选树方案已起草'],
  ['2021-06-07T11:00:00+08:00', 'fin', '任务14 进度60% 已召开校企座谈会'],
  ['2021-06-07T11:05:00+08:00', 'fin', '任务14 进度65% 更正：座谈会后已签约两家企业'],
  ['2021-06-14T09:00:00+08:00', 'edu', '任务7 进度15% 进展缓慢，专业论证推迟'],
  ['2021-06-14T09:30:00+08:00', 'edu', '任务10 进度40% 已完成首批推荐'],
  ['2021-06-14T10:00:00+08:00', 'hr', '任务10 进度40% 已对接技能大赛'],
  ['2021-06-14T10:30:00+08:00', 'tour', '任务10 进度40% 已遴选候选人'],
  ['2021-06-15T09:00:00+08:00', 'fin', '任务14 进度70% 已拨付第一笔资金'],
  ['2021-06-15T09:02:00+08:00', 'fin', '撤回'],
  ['2021-06-26T10:00:00+08:00', 'hr', '任务10 进度50% 周末补报：已组织集训'],
  ['2021-06-28T09:00:00+08:00', 'edu', '任务7 进度15% 受阻，资金没到位'],
];

/** The transcript of the scenario, as `plan-bot replay` reads it. */
export function scenarioTranscript(): string {
  const lines: unknown[] = [{ admins: [ADMIN] }, { roster: SCENARIO_ROSTER }];
  for (const [at, who, text] of MESSAGES) {
    const p = PEOPLE[who] as { platform: string; id: string; name: string };
    lines.push({ at, platform: p.platform, chat: p.id, chatType: 'direct', from: p.id, name: p.name, text });
  }
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

/** A small real PNG (a blue field with a white band), so that a browser shows it. */
export function testPng(width = 96, height = 64): Uint8Array {
  const row = 1 + width * 3;
  const pixels = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const band = y > height / 3 && y < (2 * height) / 3;
      pixels.set(band ? [255, 255, 255] : [29, 63, 114], y * row + 1 + x * 3);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A minimal PDF (enough for the evidence keeper to name it .pdf). */
export const TEST_PDF = new TextEncoder().encode('%PDF-1.4\n% 资金申请报告\n%%EOF\n');

/**
 * A data directory with the scenario: the transcript through the real `plan-bot replay` process, then photos and a
 * file sent by the 县教育局 liaison as evidence of task 7 (through the core, as an adapter would hand them over).
 */
export async function buildScenario(): Promise<string> {
  const dataDir = tempDataDir();
  const transcript = path.join(dataDir, 'scenario.jsonl');
  writeFileSync(transcript, scenarioTranscript());
  const r = await runCli(['replay', transcript, '--data', dataDir], { env: { PLAN_BOT_ADMINS: '' } });
  if (r.code !== 0) throw new Error(`replay failed: ${r.stderr}`);
  const kb = loadKnowledge();
  const store = await FileStore.open(dataDir);
  await seedRoster(store, dataDir, kb, silentLogger);
  const clock = new TestClock(new Date('2021-06-28T09:05:00+08:00'));
  const core = composeBot({
    knowledge: kb,
    store,
    log: silentLogger,
    clock,
    config: {
      admins: [],
      schedule: { prompt: '0 9 * * 1', reminder: '0 15 * * 4', digest: '0 17 * * 5' },
      dataDir,
    },
  });
  const file = (kind: 'image' | 'file', bytes: Uint8Array, name?: string): Attachment => ({
    kind,
    key: `k_${name ?? kind}`,
    ...(name ? { name } : {}),
    download: async () => bytes,
  });
  const out = await core.handle({
    platform: 'lark',
    id: 'evidence-1',
    chatId: 'ou_edu',
    chatType: 'direct',
    sender: { id: 'ou_edu', name: '周老师' },
    text: '任务7 现场照片和资金申请报告',
    mentionsBot: false,
    at: clock.now(),
    attachments: [file('image', testPng()), file('file', TEST_PDF, '资金申请报告.pdf')],
  });
  await store.close();
  const text = out.map((o) => ('text' in o ? o.text : '')).join('\n');
  if (!/保存/.test(text)) throw new Error(`evidence not kept: ${text}`);
  return dataDir;
}
