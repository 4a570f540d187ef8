import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';
import { STORE_KINDS, type StoreHome } from '../helpers/store-kinds.js';

const writer = path.join(projectRoot(), 'dist/tests/bench/crash-writer.js');

/**
 * Runs the writer (built from the current source by the global setup), kills it with SIGKILL once it has
 * acknowledged `after` check-ins (so the kill lands mid-burst however fast the machine is), and returns the
 * acknowledged message ids.
 */
function runAndKill(home: StoreHome, after: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [
      writer,
      home.dataDir,
      ...(home.databaseUrl ? [home.databaseUrl] : []),
    ]);
    const acked: string[] = [];
    let buf = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) {
        if (!l || l === 'ready') continue;
        acked.push(l);
        if (acked.length === after) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer ended without being killed: ${err}`));
      else resolve(acked);
    });
  });
}

describe.each(STORE_KINDS)('crash safety: $name', (kind) => {
  afterAll(() => kind.cleanup(), 60_000);
  it.skipIf(kind.skip !== undefined)(
    `keeps every acknowledged check-in through 20 SIGKILLs during a burst, once each, and restarts on what was written${kind.skip ? ` (${kind.skip})` : ''}`,
    async () => {
      const home = await kind.fresh();
      const all: string[] = [];
      for (let trial = 0; trial < 20; trial++) {
        const acked = await runAndKill(home, 5 + ((trial * 37) % 60));
        all.push(...acked);
        const store = await kind.readOnly(home); // throws if the data is not valid
        const stored = store.data.checkins.map((c) => c.msgId);
        await store.close();
        const lost = all.filter((id) => !stored.includes(id));
        expect(lost, `trial ${trial}: acknowledged but not stored`).toEqual([]);
        expect(new Set(stored).size, `trial ${trial}: a check-in stored twice`).toBe(stored.length);
      }
      expect(all.length).toBeGreaterThan(100);
    },
    120_000,
  );
});
