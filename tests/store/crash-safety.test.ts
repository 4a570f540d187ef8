import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';
import { FileStore } from '../../src/store/file-store.js';
import { tempDataDir } from '../helpers/temp-bot.js';

const writer = path.join(projectRoot(), 'dist/tests/bench/crash-writer.js');

/**
 * Runs the writer (built from the current source by the global setup), kills it with SIGKILL once it has
 * acknowledged `after` check-ins (so the kill lands mid-burst however fast the machine is), and returns the
 * acknowledged message ids.
 */
function runAndKill(dataDir: string, after: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, dataDir]);
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

describe('crash safety', () => {
  it('keeps every acknowledged check-in through 20 SIGKILLs during a burst, and restarts on the file', async () => {
    const dataDir = tempDataDir();
    const all: string[] = [];
    for (let trial = 0; trial < 20; trial++) {
      const acked = await runAndKill(dataDir, 5 + ((trial * 37) % 60));
      all.push(...acked);
      const store = await FileStore.open(dataDir, { readOnly: true }); // throws if the data is not valid
      const stored = new Set(store.data.checkins.map((c) => c.msgId));
      const lost = all.filter((id) => !stored.has(id));
      expect(lost, `trial ${trial}: acknowledged but not on disk`).toEqual([]);
    }
    expect(all.length).toBeGreaterThan(100);
  }, 120_000);
});
