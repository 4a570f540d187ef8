import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATUS_LABEL } from '../../src/checkins/status-labels.js';
import { projectRoot } from '../../src/project-root.js';
import { tempBot } from '../helpers/temp-bot.js';

/**
 * Replies as liaisons send them (tests/fixtures/checkins-extra.json, in the format of the shared development sets:
 * official reports, voice input, tables and rows, statuses, noise and traps, sequences, names with numbers), each
 * replayed through the core on its own store: the records must be exactly the expected ones; a case that expects
 * none, an ask-back or a refusal must leave no record (and an ask or refusal must say so).
 */
interface Case {
  id: string;
  unit: 'edu' | 'fin' | 'wl' | 'bb';
  messages: string[];
  expect: 'record' | 'ask' | 'refuse' | 'none';
  records: { task: number; progress: number | null | (number | null)[]; status: string[] }[];
  alt?: ('ask' | Case['records'])[];
}

const LIAISON = {
  edu: ['ou_edu1', '县教育局'],
  fin: ['ou_fin1', '县财政局'],
  wl: ['ou_wl1', '县文旅局'],
  bb: ['ou_bb1', '县委编办'],
} as const;
const ROSTER = Object.values(LIAISON).map(([id, unit]) => ({
  unit,
  members: [{ platform: 'lark', id, name: `联络员${id}`, role: 'liaison' }],
}));
/**
 * The fixture sets: checkins-extra.json (our own), checkins-blind-r3.json and checkins-blind-r4.json (written without
 * sight of the code; their first runs, 65/80 with 7 wrong records and 59/70 with 3, are in docs/). `misses`: cases
 * not yet right — they may leave a record or a figure out (ask instead of record) but never write a wrong one.
 */
const SETS: { file: string; misses: string[] }[] = [
  { file: 'checkins-extra.json', misses: [] },
  { file: 'checkins-blind-r3.json', misses: [] },
  // round 4, first run 59/70 with 3 wrong records (docs/development.md); these four still ask or leave a figure out
  {
    file: 'checkins-blind-r4.json',
    misses: ['r4-doc-14', 'r4-voice-05', 'r4-voice-07', 'r4-status-09'],
  },
];
const cases = SETS.flatMap(({ file, misses }) =>
  (JSON.parse(readFileSync(path.join(projectRoot(), 'tests/fixtures', file), 'utf8')) as Case[]).map((c) => ({
    ...c,
    miss: misses.includes(c.id),
  })),
);

type Stored = { task: number; progress: number | null; status: string };

function fits(r: Stored | undefined, w: Case['records'][number]): boolean {
  const ok = Array.isArray(w.progress) ? w.progress : [w.progress];
  return r !== undefined && ok.includes(r.progress) && w.status.includes(r.status);
}

function matches(recs: Stored[], want: Case['records']): boolean {
  if (recs.length !== want.length) return false;
  return want.every((w) =>
    fits(
      recs.find((x) => x.task === w.task),
      w,
    ),
  );
}

// No wrong record: each one stored is one of the expected records (some may be missing), or one of them without its
// figure (progress left out, as check_checkins.py counts a miss, not a wrong record)
function noneWrong(recs: Stored[], c: Case): boolean {
  const wants = [c.expect === 'record' ? c.records : [], ...(c.alt ?? []).filter((a) => a !== 'ask')];
  const fitsOrBare = (r: Stored, w: Case['records'][number]) =>
    fits(r, w) || (r.progress === null && w.status.includes(r.status));
  return wants.some((want) => recs.every((r) => want.some((w) => w.task === r.task && fitsOrBare(r, w))));
}

describe('replies as liaisons send them, through the core', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const bot = await tempBot({ roster: ROSTER, at: '2021-06-08T10:00:00+08:00' });
    const [id] = LIAISON[c.unit];
    let reply = '';
    for (const [i, text] of c.messages.entries()) {
      bot.clock.set(`2021-06-08T10:${String(i * 5).padStart(2, '0')}:00+08:00`);
      reply = (await bot.say(`lark:${id}`, text)).join('\n');
    }
    const latest = new Map<number, Stored>();
    for (const r of bot.store.data.checkins)
      latest.set(r.task, {
        task: r.task,
        progress: r.progress,
        status: r.withdrawn ? '' : STATUS_LABEL[r.status],
      });
    const recs = [...latest.values()].filter((r) => r.status !== '');
    const asked = /请问|？|没有记录|未记录/.test(reply);
    const outcomes: boolean[] = [];
    if (c.expect === 'record') outcomes.push(matches(recs, c.records));
    else outcomes.push(recs.length === 0 && (c.expect === 'none' || asked));
    for (const alt of c.alt ?? [])
      outcomes.push(alt === 'ask' ? recs.length === 0 && asked : matches(recs, alt));
    // a known miss: records left out are allowed, a wrong record never
    if (c.miss) outcomes.push(noneWrong(recs, c));
    expect(
      outcomes.some(Boolean),
      `${c.messages.join(' ⏎ ')}\nrecords: ${JSON.stringify(recs)}\nbot: ${reply}`,
    ).toBe(true);
  });
});
