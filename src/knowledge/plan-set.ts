import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { KnowledgeError, loadKnowledge } from './load-knowledge.js';
import { derivePlanNames, titleParts } from './plan-names.js';
import type { Knowledge, Unit } from './schema.js';

/** One loaded plan: a stable id (its file's base name), the plan as data and the names people use for it. */
export interface Plan {
  /** The file's base name (jishan-2021): stored with every check-in, so it must not change. */
  readonly id: string;
  readonly file: string;
  readonly kb: Knowledge;
  /** Short names, the one shown first (the overlay's, then those derived from the title), with the 文号. */
  readonly names: string[];
  /** The name shown in answers, prompts and lists (职教行动计划). */
  readonly short: string;
  /** The title without place and years (推进新时代职业教育改革发展行动计划), for recognising title words. */
  readonly core: string;
}

/** The units of every plan as the tokenizer reads words (structurally src/language's PlanWords). */
export interface RosterWords {
  document: { title: string };
  units: Unit[];
  groups: never[];
  safeguards: never[];
  tasks: never[];
}

/** Files of a plan folder that are plans: every .json except the overlays kept beside them. */
function planFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json') && !n.endsWith('.overlay.json'))
    .sort()
    .map((n) => path.join(dir, n));
}

/** A plan from its file (validated; the names derived when the file was imported before plans had names). */
export function planOf(kb: Knowledge, file: string, id = path.basename(file).replace(/\.json$/i, '')): Plan {
  const names = kb.document.names?.length ? kb.document.names : derivePlanNames(kb.document);
  return {
    id,
    file,
    kb,
    names,
    short: names[0] ?? kb.document.title,
    core: titleParts(kb.document.title).core,
  };
}

/** Reads every plan a path names: a plan file, or a folder of them. */
function readPlans(source: string): Plan[] {
  let dir = false;
  try {
    dir = statSync(source).isDirectory();
  } catch {
    // a missing file is reported by loadKnowledge with its name
  }
  const files = dir ? planFiles(source) : [source];
  if (files.length === 0)
    throw new KnowledgeError(
      `the plan folder ${source} holds no plan file (*.json other than *.overlay.json)`,
    );
  return files.map((f) => planOf(loadKnowledge(f), f));
}

/**
 * The plans the bot carries: one file or every plan file of a folder (PLAN_BOT_KNOWLEDGE, --knowledge). Features
 * ask it for a plan by id and read `list` when they need them all; `reload()` reads the folder again (a plan
 * added with `plan-bot import … --out` into it) and bumps `version`, so that what is derived from the plans is
 * rebuilt.
 */
export class PlanSet {
  private plans: Plan[];
  private derived?: { version: number; units: Unit[]; unitKb: Knowledge; words: RosterWords };
  /** Grows with every reload. */
  version = 0;

  constructor(
    plans: Plan[],
    /** The file or folder the plans were read from; undefined for plans given in memory (tests). */
    readonly source?: string,
  ) {
    if (plans.length === 0) throw new KnowledgeError('no plan is loaded');
    const ids = new Set<string>();
    for (const p of plans) {
      if (ids.has(p.id)) throw new KnowledgeError(`two plans have the id "${p.id}" (${p.file})`);
      ids.add(p.id);
    }
    this.plans = plans;
  }

  /** Loads a plan file or a folder of plan files. */
  static load(source: string): PlanSet {
    return new PlanSet(readPlans(source), source);
  }

  /** A set of one plan given in memory (a test, the single-plan composition). */
  static of(kb: Knowledge, id = 'plan'): PlanSet {
    return new PlanSet([planOf(kb, `${id}.json`, id)]);
  }

  /** Every plan, in file-name order. */
  get list(): readonly Plan[] {
    return this.plans;
  }

  get size(): number {
    return this.plans.length;
  }

  /** The first plan (the only one in a single-plan bot). */
  get first(): Plan {
    return this.plans[0] as Plan;
  }

  /** The plan with an id. */
  get(id: string): Plan | undefined {
    return this.plans.find((p) => p.id === id);
  }

  /**
   * Reads the file or folder again; throws KnowledgeError (and keeps the plans loaded) when a plan file is bad.
   * Returns the ids added and removed.
   */
  reload(): { added: string[]; removed: string[]; kept: string[] } {
    if (!this.source) return { added: [], removed: [], kept: this.plans.map((p) => p.id) };
    const next = new PlanSet(readPlans(this.source)).list;
    const before = new Set(this.plans.map((p) => p.id));
    const after = new Set(next.map((p) => p.id));
    this.plans = [...next];
    this.version++;
    return {
      added: [...after].filter((id) => !before.has(id)),
      removed: [...before].filter((id) => !after.has(id)),
      kept: [...after].filter((id) => before.has(id)),
    };
  }

  /** Every unit of every plan, once (aliases of all plans merged), in plan order. */
  get units(): Unit[] {
    return this.merged().units;
  }

  /**
   * A knowledge base that knows every plan's units (the first plan with the units of all): for resolving a unit
   * name typed in a roster, a 绑定 or an export filter, which belong to no single plan.
   */
  get unitKb(): Knowledge {
    return this.merged().unitKb;
  }

  /**
   * The words every plan shares with the tokenizer (the PlanWords shape): the units of all plans, no titles, since a
   * task title or number means something only within one plan. The core reads messages with it.
   */
  get words(): RosterWords {
    return this.merged().words;
  }

  /** The plans in which a unit has numbered tasks. */
  plansOf(unit: string): Plan[] {
    return this.plans.filter((p) => p.kb.tasks.some((t) => t.units.includes(unit)));
  }

  private merged(): { units: Unit[]; unitKb: Knowledge; words: RosterWords } {
    if (this.derived?.version === this.version) return this.derived;
    const byName = new Map<string, Unit>();
    for (const p of this.plans) {
      for (const u of p.kb.units) {
        const had = byName.get(u.name);
        if (!had) byName.set(u.name, { ...u, aliases: [...u.aliases], enAliases: [...u.enAliases] });
        else {
          for (const a of u.aliases) if (!had.aliases.includes(a)) had.aliases.push(a);
          for (const a of u.enAliases) if (!had.enAliases.includes(a)) had.enAliases.push(a);
          if (had.en === had.name && u.en !== u.name) had.en = u.en;
        }
      }
    }
    const units = [...byName.values()];
    const first = this.first.kb;
    const unitKb = this.plans.length === 1 ? first : { ...first, units };
    const words = { document: { title: first.document.title }, units, groups: [], safeguards: [], tasks: [] };
    this.derived = { version: this.version, units, unitKb, words };
    return this.derived;
  }
}
