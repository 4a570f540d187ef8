import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/file-store.js';
import { runCli } from '../cli/run-cli.js';
import { startBotProcess } from '../helpers/bot-process.js';
import { mountSmallDisk, smallDiskUnavailable } from '../helpers/small-disk.js';
import { tempDataDir } from '../helpers/temp-bot.js';

const ROSTER = [
  {
    unit: '县教育局',
    members: [{ platform: 'console', id: 'console-user', name: '控制台', role: 'liaison' }],
  },
];

/** A marker without digits (digits in a note are read as task numbers or percentages). */
const tag = (i: number) => `ref${[...String(i)].map((d) => 'abcdefghij'[Number(d)]).join('')}-`;

describe('a full disk, with a real bot process', () => {
  const noDisk = smallDiskUnavailable();
  it.skipIf(noDisk !== undefined)(
    `confirms only what is on disk, says 未保存 for the rest, and starts and exports again on the full disk${noDisk ? ` (skipped: ${noDisk})` : ''}`,
    async () => {
      const disk = mountSmallDisk(200);
      try {
        writeFileSync(path.join(disk.dir, 'roster.json'), JSON.stringify(ROSTER));
        const n = 300;
        const lines = Array.from(
          { length: n },
          (_, i) => `任务${(i % 20) + 1} 进度${i % 101}% ${tag(i)}${'已召开校企合作推进会'.repeat(20)}`,
        );
        const bot = startBotProcess(['start', '--data', disk.dir]);
        bot.child.stdin.end(`${lines.join('\n')}\n`);
        const { code } = await bot.exited;
        expect(code, bot.stderr()).toBe(0);
        const replies = bot.stdout().trim().split('\n\n');
        expect(replies).toHaveLength(n);
        const acked = replies.flatMap((r, i) => (r.startsWith('已记录') ? [i] : []));
        const refused = replies.filter((r) => r.startsWith('未保存'));
        expect(acked.length + refused.length).toBe(n);
        expect(refused.length).toBeGreaterThan(0);
        expect(acked.length).toBeGreaterThan(50);
        // every confirmed check-in is on disk, nothing else is; the files still open
        const onDisk = await FileStore.open(disk.dir, { readOnly: true });
        expect(onDisk.data.checkins.map((c) => c.note)).toEqual(acked.map((i) => lines[i]?.split(' ')[2]));
        // the bot starts again on the still-full disk and answers, and export works
        const again = await runCli(['start', '--data', disk.dir], { input: '任务14谁负责\n' });
        expect(again.code, again.stderr).toBe(0);
        expect(again.stdout).toContain('县发改局');
        const out = path.join(tempDataDir(), 'all.csv');
        const exp = await runCli(['export', '--data', disk.dir, '--format', 'csv', '--out', out]);
        expect(exp.code, exp.stderr).toBe(0);
        expect(exp.stderr).toContain(`历史记录${acked.length}条`);
        process.stdout.write(
          `disk full (200 KiB tmpfs, real process): ${acked.length} confirmed and all on disk, ${refused.length} answered 未保存, 0 lost\n`,
        );
      } finally {
        disk.unmount();
      }
    },
    120_000,
  );
});
