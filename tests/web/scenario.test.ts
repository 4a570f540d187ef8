import { describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/file-store.js';
import { buildScenario } from './scenario.js';

describe('the web scenario (replayed reports plus evidence), which the browser tests read', () => {
  it('records each report as the chat would: corrections, a withdrawal, delayed, blocked, late, evidence', async () => {
    const dir = await buildScenario();
    const store = await FileStore.open(dir, { readOnly: true });
    const rows = store.data.checkins.map(
      (c) =>
        `${c.week} ${c.unit} 任务${c.task} ${c.progress ?? '-'} ${c.status}${c.withdrawn ? ' withdrawn' : ''}${c.late ? ' late' : ''}${c.evidence ? ` evidence:${c.evidence.map((e) => e.kind).join('+')}` : ''}`,
    );
    expect(rows).toEqual([
      '2021-W23 县教育局 任务7 10 normal',
      '2021-W23 县教育局 任务19 100 done',
      '2021-W23 县教育局 任务10 20 normal',
      '2021-W23 县文旅局 任务10 30 normal',
      '2021-W23 县财政局 任务14 60 normal',
      '2021-W23 县财政局 任务14 65 normal',
      '2021-W24 县教育局 任务7 15 delayed',
      '2021-W24 县教育局 任务10 40 normal',
      '2021-W24 县人社局 任务10 40 normal',
      '2021-W24 县文旅局 任务10 40 normal',
      '2021-W24 县财政局 任务14 70 normal withdrawn',
      '2021-W25 县人社局 任务10 50 normal late',
      '2021-W26 县教育局 任务7 15 blocked evidence:image+file',
    ]);
    await store.close();
  });
});
