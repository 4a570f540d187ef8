import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultKnowledgePath,
  KnowledgeError,
  loadKnowledge,
  parseKnowledge,
} from '../../src/knowledge/load-knowledge.js';
import { projectRoot } from '../../src/project-root.js';

const kb = loadKnowledge();
const seed = readFileSync(
  path.join(projectRoot(), 'knowledge/source/jishan-vocational-education-plan-2021.txt'),
  'utf8',
);
// The published text breaks one sentence across lines; compare with all whitespace removed.
const flat = (s: string) => s.replace(/\s+/g, '');
const seedFlat = flat(seed);
const inSeed = (s: string) => seedFlat.includes(flat(s));

describe('bundled knowledge base against the source text', () => {
  it('has the right counts', () => {
    expect(kb.tasks).toHaveLength(20);
    expect(kb.units).toHaveLength(17);
    expect(kb.safeguards).toHaveLength(4);
    expect(kb.principles).toHaveLength(4);
    expect(kb.groups).toHaveLength(5);
    expect(kb.groups.flatMap((g) => g.tasks)).toEqual(kb.tasks.map((t) => t.no));
  });

  it('quotes every task verbatim: number, title, full text and the 责任单位 clause in order', () => {
    for (const t of kb.tasks) {
      expect(inSeed(`${t.no}.${t.text}${t.unitsClause}`), `task ${t.no}`).toBe(true);
      expect(t.text.startsWith(`${t.title}。`), `task ${t.no} title`).toBe(true);
      const listed = flat(t.unitsClause)
        .replace(/^\(责任单位:|\)$/g, '')
        .split('、');
      expect(t.units, `task ${t.no} units`).toEqual(listed);
    }
  });

  it('quotes every safeguard with its own units', () => {
    for (const s of kb.safeguards) {
      expect(inSeed(`${s.text}${s.unitsClause}`), `safeguard ${s.no}`).toBe(true);
      expect(
        flat(s.unitsClause)
          .replace(/^\(责任单位:|\)$/g, '')
          .split('、'),
      ).toEqual(s.units);
    }
  });

  it('places each task in the group printed above it', () => {
    for (const g of kb.groups) {
      const header = seedFlat.indexOf(flat(`(${g.numeral})${g.title}`));
      expect(header, g.title).toBeGreaterThan(0);
      for (const n of g.tasks) {
        const at = seedFlat.indexOf(`${n}.${kb.tasks[n - 1]?.title}`);
        expect(at).toBeGreaterThan(header);
      }
    }
  });

  it('quotes every target, and the value is in the quote', () => {
    const all = [...kb.tasks, ...kb.safeguards].flatMap((x) => x.targets);
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const t of all) {
      expect(inSeed(t.quote), t.what).toBe(true);
      expect(t.quote.includes(String(t.value)), t.what).toBe(true);
    }
    expect(kb.tasks[8]?.targets.map((t) => t.value)).toContain(60);
    expect(kb.safeguards[2]?.targets[0]?.value).toBe(30);
  });

  it('keeps explicit deadlines quoted and marks inherited ones', () => {
    for (const t of kb.tasks) {
      if (t.deadline.source === 'explicit') expect(inSeed(t.deadline.quote), `task ${t.no}`).toBe(true);
      else expect(t.deadline.text).toBe(kb.goals.deadline?.text);
    }
    expect(kb.tasks.filter((t) => t.deadline.source === 'explicit').map((t) => t.no)).toEqual([2, 7, 9, 17]);
    expect(kb.goals.deadline?.date).toBe('2022-12-31');
    expect(inSeed(`到${kb.goals.deadline?.text}`)).toBe(true);
  });

  it('has the document facts as printed', () => {
    const d = kb.document;
    for (const s of [
      d.title,
      d.noticeTitle,
      d.docNumber,
      d.issuer,
      d.issuedOnText,
      d.publishedOn ?? 'missing',
      d.indexNumber,
    ]) {
      expect(s.length, 'empty fact').toBeGreaterThan(0);
      expect(inSeed(s), s).toBe(true);
    }
    expect(d.basis.map((b) => b.docNumber)).toEqual([
      '国发〔2019〕4号',
      '晋政发〔2020〕19号',
      '运政发〔2021〕8号',
    ]);
    for (const b of d.basis) expect(inSeed(`《${b.title}》(${b.docNumber})`), b.title).toBe(true);
    for (const p of kb.principles) expect(inSeed(p.text)).toBe(true);
    expect(inSeed(kb.guidingIdeology)).toBe(true);
    expect(inSeed(kb.goals.text)).toBe(true);
  });

  it('lists exactly the units named in the clauses, each with aliases and an English name', () => {
    const named = new Set([...kb.tasks, ...kb.safeguards].flatMap((x) => x.units));
    expect(new Set(kb.units.map((u) => u.name))).toEqual(named);
    const aliases = kb.units.flatMap((u) => u.aliases);
    expect(new Set(aliases).size).toBe(aliases.length);
    for (const u of kb.units) expect(u.en.length).toBeGreaterThan(3);
  });
});

describe('loading a bad knowledge file', () => {
  it('names the field path and what is wrong', () => {
    const data = JSON.parse(readFileSync(defaultKnowledgePath, 'utf8'));
    delete data.tasks[2].title;
    data.tasks[4].units = [];
    expect(() => parseKnowledge(data, 'bad.json')).toThrowError(KnowledgeError);
    expect(() => parseKnowledge(data, 'bad.json')).toThrowError(
      /bad\.json[\s\S]*tasks\.2\.title[\s\S]*tasks\.4\.units/,
    );
  });

  it('rejects a unit that is not in the unit list', () => {
    const data = JSON.parse(readFileSync(defaultKnowledgePath, 'utf8'));
    data.tasks[13].units[0] = '县不存在局';
    expect(() => parseKnowledge(data, 'bad.json')).toThrowError(
      'tasks.13.units.0：单位列表（units）中没有“县不存在局”',
    );
  });

  it('reports a missing file and invalid JSON clearly', () => {
    expect(() => loadKnowledge('/nonexistent/plan.json')).toThrowError(/无法读取方案文件/);
    expect(() => loadKnowledge(path.join(projectRoot(), 'package-lock.json'))).toThrowError(
      /不是有效的方案文件/,
    );
  });
});
