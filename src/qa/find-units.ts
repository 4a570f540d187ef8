import type { Knowledge } from '../knowledge/schema.js';
import { escapeRegExp } from '../language/normalize.js';

/** A unit named in a question; weak means a short alias (财政, 人社) that can also be an ordinary word. */
export interface UnitMention {
  name: string;
  weak: boolean;
}

/** Units found in a question, the text with them cut out, and a unit-like name the plan does not have. */
export interface UnitMatch {
  units: UnitMention[];
  rest: string;
  unknown?: string;
}

interface Alias {
  text: string;
  name: string;
  weak: boolean;
  re: RegExp;
}

// A unit-like name (县公安局, 卫健委, 住建部门) at the start of a question, as in "县公安局负责哪些任务".
const UNIT_SHAPE =
  /^(?:请问)?\s*((?:县|市|省)?(?!哪|什么|相关|有关|这|那|责任|牵头|配合)[\u4e00-\u9fa5]{1,8}?(?:局|委员会|委|办公室|办|中心|部门|部(?!分)|厅|院|所|队|站|公司|政府))/u;

/** Finds the plan's units in a question by canonical name, alias or English name, longest first. */
export class UnitFinder {
  private readonly aliases: Alias[];

  constructor(kb: Knowledge) {
    const list: Omit<Alias, 're'>[] = [];
    for (const u of kb.units) {
      list.push({ text: u.name.toLowerCase(), name: u.name, weak: false });
      for (const a of u.aliases) list.push({ text: a.toLowerCase(), name: u.name, weak: isWeak(a) });
      for (const a of [u.en, ...u.enAliases])
        list.push({ text: a.toLowerCase(), name: u.name, weak: isWeakEn(a) });
    }
    list.sort((a, b) => b.text.length - a.text.length);
    this.aliases = list.map((a) => ({
      ...a,
      re: /^[a-z]/.test(a.text)
        ? new RegExp(`\\b(?:the\\s+)?(?:county\\s+)?${escapeRegExp(a.text)}\\b`, 'g')
        : new RegExp(escapeRegExp(a.text), 'g'),
    }));
  }

  /** Every unit mentioned in normalized text, in order of first appearance. */
  find(text: string): UnitMatch {
    let rest = text;
    const hits: { at: number; unit: UnitMention }[] = [];
    let otherLevel: string | undefined;
    for (const a of this.aliases) {
      // most aliases are not in a question at all: a plain substring test is much cheaper than the regex
      if (!rest.includes(a.text)) continue;
      rest = rest.replace(a.re, (m, at: number) => {
        // 市教育局 or 省财政厅 is another government's unit, not the county's 县教育局
        const before = /(?:市|省|州|国家|中央)$/.exec(rest.slice(Math.max(0, at - 2), at))?.[0];
        if (before && /^县|^各|^团县/.test(a.name) && !a.text.startsWith('县')) {
          otherLevel ??= `${before}${m}`;
          return m;
        }
        hits.push({ at, unit: { name: a.name, weak: a.weak } });
        return '\uE000'.repeat(m.length); // keep offsets so that order of appearance stays right
      });
    }
    hits.sort((x, y) => x.at - y.at);
    const units: UnitMention[] = [];
    for (const h of hits) {
      const seen = units.find((u) => u.name === h.unit.name);
      if (seen) seen.weak &&= h.unit.weak;
      else units.push({ ...h.unit });
    }
    rest = rest.replace(/\uE000+/g, ' ').trim();
    const unknown = units.length === 0 ? (otherLevel ?? UNIT_SHAPE.exec(rest)?.[1]) : undefined;
    return unknown ? { units, rest, unknown } : { units, rest };
  }
}

function isWeak(alias: string): boolean {
  return alias.length <= 2 || !/(局|办|委|部|门|会|中心|镇)$/.test(alias);
}

function isWeakEn(alias: string): boolean {
  return !/\b(bureau|office|department|centre|center|committee|federation|league|townships?)\b/.test(alias);
}
