import type { RosterUnit } from '../db-schema.js';
import { type Delta, emptyDelta, type Kind, mergeKind } from './pg-delta.js';
import type { KeyedMapKey } from './pg-load.js';
import { type Mirror, versionKey } from './pg-mirror.js';

/** The tables a change can touch (units: one roster unit with its members; seed: the roster seed). */
export type Table =
  | 'checkins'
  | 'units'
  | 'seed'
  | 'plans'
  | 'admins'
  | 'pending'
  | 'jobs'
  | 'outbox'
  | 'inbox'
  | KeyedMapKey;

/** The changes one unit of work made in memory since its last commit, and how to undo them. */
export interface Group {
  key: string;
  touches: Map<string, { table: Table; id: string; kind: Kind }>;
  undo: (() => void)[];
  /** Weekly jobs it marked as run for the first time: claimed across replicas. */
  jobClaims: Set<string>;
  /** One-time login links it marked as used: claimed across replicas. */
  linkClaims: Set<string>;
  rosterReplace: boolean;
}

/** An empty group. */
function newGroup(key: string): Group {
  return {
    key,
    touches: new Map(),
    undo: [],
    jobClaims: new Set(),
    linkClaims: new Set(),
    rosterReplace: false,
  };
}

/**
 * The uncommitted changes in memory, by unit of work (the key of the message being handled, '' for changes made
 * outside any), and how many groups touch each row: a row this replica is about to write is not overwritten in
 * memory by another replica's older change.
 */
export class WorkGroups {
  private readonly groups = new Map<string, Group>();
  private readonly local = new Map<string, number>();

  /** The group of a unit of work, created when it has none. */
  of(key: string): Group {
    let g = this.groups.get(key);
    if (!g) {
      g = newGroup(key);
      this.groups.set(key, g);
    }
    return g;
  }

  /** True when a unit of work has uncommitted changes (or a claim to commit). */
  has(key: string): boolean {
    return this.groups.has(key);
  }

  /** The keys of the units of work with uncommitted changes. */
  keys(): string[] {
    return [...this.groups.keys()];
  }

  /** Takes a unit of work's group out for writing (an empty one when it has none). */
  take(key: string): Group {
    const g = this.groups.get(key) ?? newGroup(key);
    this.groups.delete(key);
    return g;
  }

  /** Records a change of one row by a unit of work, and how to undo it in memory. */
  touch(key: string, table: Table, id: string, kind: Kind, undo?: () => void): Group {
    const g = this.of(key);
    const vk = versionKey(table, id);
    const t = g.touches.get(vk);
    if (!t) {
      g.touches.set(vk, { table, id, kind });
      this.local.set(vk, (this.local.get(vk) ?? 0) + 1);
    } else {
      const k = mergeKind(t.kind, kind);
      if (k === undefined) {
        g.touches.delete(vk);
        this.releaseKey(vk);
      } else t.kind = k;
    }
    if (undo) g.undo.push(undo);
    return g;
  }

  /** True when an uncommitted change touches the row. */
  isLocal(vk: string): boolean {
    return this.local.has(vk);
  }

  /** True when any change is uncommitted. */
  get busy(): boolean {
    return this.local.size > 0;
  }

  /** A taken group was written or undone: its rows are no longer about to be written. */
  release(g: Group): void {
    for (const vk of g.touches.keys()) this.releaseKey(vk);
  }

  private releaseKey(vk: string): void {
    const n = (this.local.get(vk) ?? 1) - 1;
    if (n <= 0) this.local.delete(vk);
    else this.local.set(vk, n);
  }
}

/**
 * The changes of a group as rows, with values read from memory now, the weekly jobs it claims (key → ran at) and
 * the login links (id → expires).
 */
export function groupDelta(
  g: Group,
  mirror: Mirror,
): { delta: Delta; jobClaims: Map<string, string>; linkClaims: Map<string, string> } {
  const d = emptyDelta();
  const jobClaims = new Map<string, string>();
  const linkClaims = new Map<string, string>();
  d.rosterReplace = g.rosterReplace;
  const data = mirror.data;
  for (const t of g.touches.values()) {
    switch (t.table) {
      case 'checkins': {
        const c = mirror.byId.get(t.id);
        if (c) d.checkins.set(t.id, structuredClone(c));
        if (c && t.kind === 'insert') d.newCheckins.add(t.id);
        break;
      }
      case 'units': {
        const i = data.roster.findIndex((u) => u.unit === t.id);
        d.units.set(t.id, i >= 0 ? { pos: i, unit: structuredClone(data.roster[i] as RosterUnit) } : null);
        break;
      }
      case 'seed':
        d.seed = { v: data.rosterSeed ?? null };
        break;
      case 'plans':
        d.plans = structuredClone(data.plans);
        break;
      case 'admins': {
        const a = data.admins?.find((x) => `${x.platform}:${x.id}` === t.id);
        d.admins.set(t.id, a ? { ...a } : null);
        break;
      }
      case 'pending': {
        const v = data.pending[t.id];
        d.pending.set(t.id, v ? { ...v } : null);
        break;
      }
      case 'jobs': {
        const v = data.jobs[t.id] ?? null;
        d.jobs.set(t.id, v);
        if (g.jobClaims.has(t.id) && v) jobClaims.set(t.id, v);
        break;
      }
      case 'escalations':
      case 'rounds':
      case 'deadlines':
      case 'usedLinks': {
        const v = (data[t.table] as Record<string, unknown> | undefined)?.[t.id];
        if (t.table === 'usedLinks' && g.linkClaims.has(t.id) && typeof v === 'string')
          linkClaims.set(t.id, v);
        const m = d.keyed.get(t.table) ?? new Map<string, unknown>();
        m.set(t.id, v === undefined ? null : structuredClone(v));
        d.keyed.set(t.table, m);
        break;
      }
      case 'outbox':
      case 'inbox': {
        const v = data[t.table][t.id];
        const m = d[t.table] as Map<string, { kind: Kind; v?: unknown }>;
        m.set(t.id, t.kind === 'delete' || !v ? { kind: 'delete' } : { kind: t.kind, v: structuredClone(v) });
        break;
      }
    }
  }
  return { delta: d, jobClaims, linkClaims };
}
