import { formatNumber } from './number-formats.js';

/** One level of a Word list definition (w:lvl). */
export interface NumberingLevel {
  start: number;
  format: string;
  text: string;
  /** The 1-based level after whose use this level starts again; 0 never; undefined: after any higher level. */
  restart?: number;
  /** isLgl: the levels it shows are written as decimal (1.1, not 一.1). */
  legal: boolean;
  /** What follows the number: a tab, a space or nothing. */
  suffix: 'tab' | 'space' | 'nothing';
}

/** A list instance (w:num): its definition (w:abstractNum) and the levels it overrides. */
export interface NumberingInstance {
  abstractId: string;
  /** Per level, a start value that restarts the list where this instance is first used. */
  startOverride: Map<number, number>;
  /** Per level, a whole level replacing the definition's. */
  levelOverride: Map<number, NumberingLevel>;
}

/** The numbering definitions of a document (numbering.xml). */
export interface NumberingDefinitions {
  abstracts: Map<string, Map<number, NumberingLevel>>;
  instances: Map<string, NumberingInstance>;
}

/**
 * Word's automatic numbering as a reader sees it: counters kept per list definition and level, levels started
 * again after a higher level (or per w:lvlRestart), an instance's start override restarting the list once where
 * it is first used, and lvlText such as "%1、" "（%2）" "%3." filled with each level's counter in its format.
 */
export class NumberingCounter {
  private readonly counters = new Map<string, (number | undefined)[]>();
  private readonly started = new Set<string>();

  constructor(private readonly defs: NumberingDefinitions) {}

  /** The label of the next paragraph of list `numId` at level `ilvl` ("一、", "（三）", "12."), and its suffix. */
  next(numId: string, ilvl: number): { label: string; suffix: string } | undefined {
    const inst = this.defs.instances.get(numId);
    if (!inst) return undefined;
    const level = (l: number) =>
      inst.levelOverride.get(l) ?? this.defs.abstracts.get(inst.abstractId)?.get(l);
    const lvl = level(ilvl);
    if (!lvl) return undefined;
    const key = inst.abstractId;
    const counts = this.counters.get(key) ?? [];
    this.counters.set(key, counts);
    if (!this.started.has(numId)) {
      this.started.add(numId);
      for (const [l, start] of inst.startOverride) counts[l] = start - 1;
      for (const [l, o] of inst.levelOverride) if (!inst.startOverride.has(l)) counts[l] = o.start - 1;
    }
    counts[ilvl] = (counts[ilvl] ?? lvl.start - 1) + 1;
    // deeper levels start again: by default after any higher level, or after the level named by lvlRestart
    for (let d = ilvl + 1; d < 9; d++) {
      const restart = level(d)?.restart;
      if (restart === 0) continue;
      if (restart === undefined || ilvl <= restart - 1) counts[d] = undefined;
    }
    const label = lvl.text.replace(/%([1-9])/g, (_m, k: string) => {
      const l = Number(k) - 1;
      const shown = level(l);
      const n = counts[l] ?? shown?.start ?? 1;
      return formatNumber(n, lvl.legal ? 'decimal' : (shown?.format ?? 'decimal'));
    });
    return { label, suffix: lvl.format === 'none' && !label ? '' : lvl.suffix === 'nothing' ? '' : ' ' };
  }
}
