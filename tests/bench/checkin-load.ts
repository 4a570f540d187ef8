import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { seedRoster } from '../../src/checkins/seed-roster.js';
import { silentLogger } from '../../src/core/logger.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { composeBot } from '../../src/main.js';
import { type Checkin, emptyDb } from '../../src/store/db-schema.js';
import { DB_FILE } from '../../src/store/file-store.js';
import { openStore } from '../../src/store/open-store.js';
import { migrateSchema } from '../../src/store/pg/migrate-schema.js';
import { CHECKIN_COLUMNS, checkinRow } from '../../src/store/pg/pg-rows.js';

/** 县教育局 has all 20 tasks, so every task number is valid for its liaisons. */
export const LOAD_ROSTER = [
  {
    unit: '县教育局',
    members: Array.from({ length: 50 }, (_, i) => ({
      platform: 'lark',
      id: `ou_edu${i}`,
      name: `联络员${i}`,
      role: 'liaison',
    })),
  },
];

/**
 * A core on a real data directory with the load roster, as the bench and the crash test use it; on PostgreSQL when
 * `databaseUrl` is given (the roster file stays in the data directory).
 */
export async function loadCore(dataDir: string, prefill = 0, databaseUrl?: string) {
  writeFileSync(path.join(dataDir, 'roster.json'), JSON.stringify(LOAD_ROSTER));
  const kb = loadKnowledge();
  const units = kb.units.map((u) => u.name);
  if (prefill > 0 && databaseUrl) await prefillPostgres(databaseUrl, prefill, units);
  else if (prefill > 0 && !existsSync(path.join(dataDir, DB_FILE))) writeSnapshot(dataDir, prefill, units);
  const store = await openStore({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  await seedRoster(store, dataDir, kb, silentLogger);
  // a new week every 100 check-ins, as a year of weekly reporting spreads them (not 10,000 in one unit-week)
  let sent = 0;
  const clock = {
    now: () => new Date(Date.parse('2021-06-08T10:00:00+08:00') + Math.floor(sent / 100) * 7 * 86400_000),
  };
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
  let seq = 0;
  /** Sends one check-in from liaison i; resolves with its message id once it is acknowledged (on disk). */
  const checkin = async (i: number): Promise<string | undefined> => {
    const id = `load-${process.pid}-${Date.now().toString(36)}-${++seq}`;
    sent++;
    const out = await core.handle({
      platform: 'lark',
      id,
      chatId: `ou_edu${i % 50}`,
      chatType: 'direct',
      sender: { id: `ou_edu${i % 50}` },
      text: `任务${(seq % 20) + 1} 进度${seq % 101}% 第${seq}次汇报`,
      mentionsBot: false,
      at: clock.now(),
    });
    const text = out[0] && 'text' in out[0] ? out[0].text : '';
    return text?.startsWith('已记录') ? `lark:${id}` : undefined;
  };
  return { core, store, checkin };
}

/** A historical record number i, as a year of weekly reports looks. */
function historyRecord(i: number, units: string[]): Checkin {
  return {
    id: randomUUID(),
    plan: 'jishan-2021',
    unit: units[i % units.length] as string,
    task: (i % 20) + 1,
    week: `2020-W${String((i % 52) + 1).padStart(2, '0')}`,
    progress: i % 101,
    status: 'normal',
    note: '历史记录：已召开推进会，正在落实',
    by: { platform: 'lark', id: `ou_hist${i % 100}` },
    at: new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString(),
    late: false,
    msgId: `lark:hist-${i}`,
    withdrawn: false,
  };
}

/** Stores `n` historical check-ins straight into a PostgreSQL database (created schema, empty check-ins). */
export async function prefillPostgres(url: string, n: number, units: string[]): Promise<void> {
  await migrateSchema(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM checkins');
    if ((rows[0] as { n: number }).n > 0) return;
    for (let i = 0; i < n; i += 10_000) {
      const part: Record<string, unknown>[] = [];
      for (let j = i; j < Math.min(n, i + 10_000); j++) part.push(checkinRow(historyRecord(j, units)));
      await client.query(
        `INSERT INTO checkins (${CHECKIN_COLUMNS.join(', ')}) SELECT ${CHECKIN_COLUMNS.join(', ')} FROM json_populate_recordset(null::checkins, $1::json)`,
        [JSON.stringify(part)],
      );
    }
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** Writes a snapshot holding `n` historical check-ins straight to the data directory (fast set-up for big sizes). */
export function writeSnapshot(dataDir: string, n: number, units: string[]): void {
  const fd = openSync(path.join(dataDir, DB_FILE), 'w');
  const head = JSON.stringify({ ...emptyDb(), checkins: undefined });
  writeSync(fd, `${head.slice(0, -1)},"checkins":[\n`);
  for (let i = 0; i < n; i += 10_000) {
    const part: string[] = [];
    for (let j = i; j < Math.min(n, i + 10_000); j++) part.push(JSON.stringify(historyRecord(j, units)));
    writeSync(fd, (i > 0 ? ',\n' : '') + part.join(',\n'));
  }
  writeSync(fd, '\n]}\n');
  closeSync(fd);
}
