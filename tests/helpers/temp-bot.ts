import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedRoster } from '../../src/checkins/seed-roster.js';
import { DEFAULT_SUPERVISION, type SupervisionSettings } from '../../src/config.js';
import { type Logger, silentLogger } from '../../src/core/logger.js';
import { defaultKnowledgePath, loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { PlanSet } from '../../src/knowledge/plan-set.js';
import { type BotCore, composeBot } from '../../src/main.js';
import { projectRoot } from '../../src/project-root.js';
import type { IncomingMessage, Platform } from '../../src/shared/types.js';
import { openStore } from '../../src/store/open-store.js';

/** A `platform:id` reference; split at the first colon only: ids may hold one (wechat:alias:备注). */
function ref(a: string): { platform: Platform; id: string } {
  const i = a.indexOf(':');
  return { platform: a.slice(0, i) as Platform, id: a.slice(i + 1) };
}

/** A clock tests can set. */
export class TestClock {
  constructor(public t: Date) {}
  now(): Date {
    return this.t;
  }
  set(iso: string): void {
    this.t = new Date(iso);
  }
}

/** A fresh temp data directory, optionally with a roster.json. */
export function tempDataDir(roster?: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-'));
  if (roster !== undefined) writeFileSync(path.join(dir, 'roster.json'), JSON.stringify(roster));
  return dir;
}

/**
 * A core on a real store (the JSON store in a temp directory, or PostgreSQL with `databaseUrl`), with a fixed clock
 * (and a silent logger unless given one).
 */
export async function tempBot(
  opts: {
    roster?: unknown;
    admins?: string[];
    at?: string;
    dataDir?: string;
    databaseUrl?: string | undefined;
    log?: Logger;
    /** County leaders (PLAN_BOT_LEADERS) and supervision settings (docs/supervision.md). */
    leaders?: string[];
    supervision?: Partial<SupervisionSettings>;
    /** The plans (default the bundled plan alone). */
    plans?: PlanSet;
  } = {},
) {
  const dataDir = opts.dataDir ?? tempDataDir(opts.roster);
  const clock = new TestClock(new Date(opts.at ?? '2021-06-07T10:00:00+08:00'));
  const kb = loadKnowledge();
  const store = await openStore({ dataDir, ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}) });
  await seedRoster(store, dataDir, opts.plans?.unitKb ?? kb, silentLogger);
  const core: BotCore = composeBot({
    ...(opts.plans ? { plans: opts.plans } : { knowledge: kb }),
    store,
    log: opts.log ?? silentLogger,
    clock,
    config: {
      admins: (opts.admins ?? []).map(ref),
      leaders: (opts.leaders ?? []).map(ref),
      supervision: { ...DEFAULT_SUPERVISION, ...opts.supervision },
      schedule: { prompt: '0 9 * * 1', reminder: '0 15 * * 4', digest: '0 17 * * 5' },
      dataDir,
    },
  });
  let seq = 0;
  /** Sends a direct message from a user and returns the reply texts. */
  const say = async (from: string, text: string, extra: Partial<IncomingMessage> = {}) => {
    const [platform, id] = from.split(':') as [Platform, string];
    const out = await core.handle({
      platform,
      id: `m${++seq}`,
      chatId: id,
      chatType: 'direct',
      sender: { id },
      text,
      mentionsBot: false,
      at: clock.now(),
      ...extra,
    });
    return out.map((o) => ('text' in o ? (o.text ?? '') : ''));
  };
  return { core, store, clock, dataDir, kb, say };
}

/** The roster used by check-in tests: three units on two platforms. */
export const TEST_ROSTER = [
  {
    unit: '县财政局',
    members: [
      { platform: 'lark', id: 'ou_fin1', name: '王会计', role: 'liaison' },
      { platform: 'wechat', id: 'wxid_fin2', name: '李出纳', role: 'backup' },
    ],
  },
  { unit: '县文旅局', members: [{ platform: 'wechat', id: 'wxid_tour', name: '赵文', role: 'liaison' }] },
  {
    unit: '县委编办',
    chat: { platform: 'lark', id: 'oc_bianban' },
    members: [{ platform: 'lark', id: 'ou_bb', name: '钱编', role: 'liaison' }],
  },
];

/** The units of task 14, in the plan's order (the first leads). */
export const TASK14_UNITS = [
  '县发改局',
  '县教育局',
  '县财政局',
  '县人社局',
  '县工科局',
  '县自然资源局',
  '县税务局',
];

/** The second and third plans, imported from their published text with the current importer (tests/fixtures/plans). */
export const FIXTURE_PLANS = [
  'jishan-rural-revitalization-talent-2022.json',
  'jishan-campus-safety-2023.json',
];

/** A plan folder with the bundled plan and the fixture plans named (default both), as an operator lays it out. */
export function planFolder(names: string[] = FIXTURE_PLANS): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-plans-'));
  copyFileSync(defaultKnowledgePath, path.join(dir, 'jishan-2021.json'));
  for (const n of names) copyFileSync(path.join(projectRoot(), 'tests/fixtures/plans', n), path.join(dir, n));
  return dir;
}

/** The bundled plan with the fixture plans, loaded from a folder. */
export function manyPlans(names?: string[]): PlanSet {
  return PlanSet.load(planFolder(names));
}
