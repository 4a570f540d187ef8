import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { resolveRelativePositions } from '../../src/qa/relative-positions.js';

const kb = loadKnowledge();

describe('resolveRelativePositions', () => {
  it.each([
    ['最后一项任务谁负责', '任务20谁负责'],
    ['倒数第二项任务的责任单位', '任务19的责任单位'],
    ['重点任务第(三)组最后一项谁负责', '重点任务任务13谁负责'],
    ['第二组最后一个任务是什么', '任务6是什么'],
    ['任务14谁负责', '任务14谁负责'],
    ['第四组(产教融合校企双元育人)第二项的责任单位', '任务15的责任单位'],
    ['落实立德树人根本任务那一组的第二项由谁负责', '任务2由谁负责'],
    ['第三项任务谁负责', '第三项任务谁负责'],
  ])('%s → %s', (q, out) => {
    expect(resolveRelativePositions(q, kb)).toBe(out);
  });
});
