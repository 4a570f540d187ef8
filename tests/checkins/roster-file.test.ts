import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RosterError, readRosterFile } from '../../src/checkins/roster-file.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { runCli } from '../cli/run-cli.js';
import { tempDataDir } from '../helpers/temp-bot.js';

const kb = loadKnowledge();

function withRoster(content: string) {
  const dir = tempDataDir();
  writeFileSync(path.join(dir, 'roster.json'), content);
  return dir;
}

describe('roster.json', () => {
  it('accepts aliases and stores canonical unit names', () => {
    const dir = withRoster(
      JSON.stringify([
        { unit: '财政局', members: [{ platform: 'lark', id: 'ou_1', name: '王', role: 'liaison' }] },
      ]),
    );
    expect(readRosterFile(dir, kb)?.units[0]?.unit).toBe('县财政局');
  });

  it('names the entry and field of every problem, and suggests close unit names', () => {
    const dir = withRoster(
      JSON.stringify([
        { unit: '县财正局', members: [] },
        { unit: '县教育局', members: [{ platform: 'qq', id: 'x', name: 'a', role: 'liaison' }] },
        { unit: '县人社局', members: [{ platform: 'lark', id: 'ou_1', name: 'b', role: 'boss' }] },
      ]),
    );
    expect(() => readRosterFile(dir, kb)).toThrowError(RosterError);
    try {
      readRosterFile(dir, kb);
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('第1项（县财正局）：unit：方案中没有单位“县财正局”；您是不是想写：县财政局');
      expect(msg).toContain('第2项（县教育局）：members.0.platform');
      expect(msg).toContain('第3项（县人社局）：members.0.role');
    }
  });

  it('refuses a member listed under two units, and a file that is not JSON', () => {
    const two = withRoster(
      JSON.stringify([
        { unit: '县财政局', members: [{ platform: 'lark', id: 'ou_1', name: 'a', role: 'liaison' }] },
        { unit: '县教育局', members: [{ platform: 'lark', id: 'ou_1', name: 'a', role: 'backup' }] },
      ]),
    );
    expect(() => readRosterFile(two, kb)).toThrowError(
      /第2项（县教育局）：members.0：lark:ou_1 已经是县财政局的成员/,
    );
    expect(() => readRosterFile(withRoster('[{"unit":'), kb)).toThrowError(/roster.json 不是有效的 JSON/);
  });

  it('stops start-up with the message', async () => {
    const dir = withRoster('[{"unit": "县公安局", "members": []}]');
    const r = await runCli(['start', '--data', dir], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('方案中没有单位“县公安局”');
  });
});
