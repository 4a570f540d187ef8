import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';

/**
 * The shape of the code: layers only point down (cli → run-bot → main → ops → adapters → features → core → language →
 * store/knowledge/config → shared), the core imports no feature, the language layer nothing above it, and nothing
 * outside src/store assigns into `store.data` (features change data through the store's operations).
 */
const root = projectRoot();

/** Every .ts file under a folder (relative to the project root). */
function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...files(rel));
    else if (name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

/** The project files a file imports (relative module specifiers, resolved to .ts paths). */
function imports(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'(\.{1,2}\/[^']+)'/g)].map(
    (m) => m[1],
  );
  const dynamic = [...text.matchAll(/import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g)].map((m) => m[1]);
  return [...specs, ...dynamic].map((s) =>
    path.join(path.dirname(file), (s as string).replace(/\.js$/, '.ts')),
  );
}

const FEATURES = [
  'checkins',
  'qa',
  'export',
  'onboarding',
  'evidence',
  'delivery',
  'ops',
  'web',
  'import',
  'plans',
  'supervision',
];

/** The floor of a file: higher floors may import lower ones (and their own floor), never higher ones. */
function floor(file: string): number {
  const [top, sub] = file.split(path.sep);
  if (top === 'adapters') return 5;
  if (top !== 'src') return 99;
  if (sub === 'cli') return 8;
  if (sub === 'run-bot.ts') return 7;
  if (sub === 'main.ts') return 6;
  // operations (status, start-up, data directory) read the adapters' configuration
  if (sub === 'ops') return 5.5;
  if (sub && FEATURES.includes(sub)) return 4;
  if (sub === 'core') return 3;
  if (sub === 'language') return 2;
  if (sub === 'config.ts') return 1.5;
  if (sub === 'store' || sub === 'knowledge') return 1;
  return 0; // shared, project-root, user-error
}

const sources = [...files('src'), ...files('adapters')];

describe('the layers', () => {
  it('only point down', () => {
    const up = sources.flatMap((f) =>
      imports(f)
        .filter((i) => floor(i) > floor(f))
        .map((i) => `${f} → ${i}`),
    );
    expect(up).toEqual([]);
  });

  it('keep the core free of features and the language layer free of everything above it', () => {
    const core = files('src/core').flatMap((f) =>
      imports(f).filter((i) => !i.startsWith(path.join('src', 'core')) && floor(i) >= 3),
    );
    expect(core).toEqual([]);
    const language = files('src/language').flatMap((f) =>
      imports(f).filter((i) => !i.startsWith(path.join('src', 'language')) && floor(i) > 0),
    );
    expect(language).toEqual([]);
  });

  it('change the store only through its operations', () => {
    const write =
      /store\.data(?:\.\w+|\[[^\]]+\])*\s*(?:=(?!=)|\?\?=|\+\+|--|\+=)|store\.data(?:\.\w+|\[[^\]]+\])*\.(?:push|splice|pop|shift|unshift|sort|reverse)\(|delete\s+[\w.]*store\.data/;
    const offenders = sources
      .filter((f) => !f.startsWith(path.join('src', 'store')))
      .flatMap((f) =>
        readFileSync(path.join(root, f), 'utf8')
          .split('\n')
          .map((line, i) => ({ f, i, line }))
          .filter(({ line }) => write.test(line))
          .map(({ f, i, line }) => `${f}:${i + 1}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  it('would catch an upward import and a write into the store (the check itself)', () => {
    expect(floor('src/core/x.ts') < floor('src/checkins/y.ts')).toBe(true);
    expect(floor('src/language/x.ts') < floor('src/store/y.ts')).toBe(false);
    const write = /store\.data(?:\.\w+|\[[^\]]+\])*\.(?:push|splice)\(/;
    expect(write.test('this.d.store.data.checkins.push(...records);')).toBe(true);
  });
});
