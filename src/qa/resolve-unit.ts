import Fuse from 'fuse.js';
import type { Knowledge } from '../knowledge/schema.js';
import { UnitFinder } from './find-units.js';

interface Lookup {
  finder: UnitFinder;
  fuse: Fuse<{ alias: string; name: string }>;
  /** Suggestions already worked out for a name (fuse.js scores every alias: the slow part of a question). */
  suggested: Map<string, string[]>;
}

// built once per knowledge base: the finder's regexes and the fuse index are the slow part
const lookups = new WeakMap<Knowledge, Lookup>();

function lookupFor(kb: Knowledge): Lookup {
  let l = lookups.get(kb);
  if (!l) {
    const names = kb.units.flatMap((u) => [u.name, ...u.aliases].map((alias) => ({ alias, name: u.name })));
    l = {
      finder: new UnitFinder(kb),
      fuse: new Fuse(names, { keys: ['alias'], includeScore: true, threshold: 0.35, ignoreLocation: true }),
      suggested: new Map(),
    };
    lookups.set(kb, l);
  }
  return l;
}

/**
 * Resolves a unit name or alias to the plan's canonical name; otherwise suggests the closest names (fuse.js over
 * names and aliases). It never guesses: 县民政局 is one character away from 县财政局 and a real bureau.
 */
export function resolveUnit(kb: Knowledge, name: string): { unit?: string; suggestions: string[] } {
  const trimmed = name.trim();
  if (kb.units.some((u) => u.name === trimmed)) return { unit: trimmed, suggestions: [] };
  const { finder, fuse, suggested } = lookupFor(kb);
  const found = finder.find(trimmed.toLowerCase());
  const only =
    found.units.length === 1 && found.rest.replace(/[县\s]/g, '') === '' ? found.units[0] : undefined;
  if (only) return { unit: only.name, suggestions: [] };
  let suggestions = suggested.get(trimmed);
  if (!suggestions) {
    suggestions = [...new Set(fuse.search(trimmed, { limit: 10 }).map((r) => r.item.name))].slice(0, 3);
    if (suggested.size >= 2000) suggested.clear();
    suggested.set(trimmed, suggestions);
  }
  return { suggestions: [...suggestions] };
}
