import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/project-root.js';

/** One planted bug: replace `search` (which must occur exactly once) in `file`; the `tests` must then fail. */
export interface Mutation {
  name: string;
  file: string;
  search: string;
  replace: string;
  tests: string[];
  /** Extra environment for the test run (e.g. a smaller fuzz count). */
  env?: Record<string, string>;
}

/** What the repository needs to build and test; dist/, .git and node_modules (linked) are not copied. */
const COPY = ['src', 'adapters', 'tests', 'knowledge', 'package.json', 'tsconfig.json'];

/** Runs vitest on `tests` in `dir`; returns the exit code and the names of the failed tests. */
function runTests(dir: string, tests: string[], env: Record<string, string> = {}) {
  const report = path.join(dir, 'vitest-report.json');
  rmSync(report, { force: true });
  const r = spawnSync(
    process.execPath,
    [
      path.join(dir, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'tests/vitest.config.ts',
      ...tests,
      '--reporter=json',
      `--outputFile=${report}`,
    ],
    { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 300_000 },
  );
  const failed: string[] = [];
  if (existsSync(report)) {
    const doc = JSON.parse(readFileSync(report, 'utf8')) as {
      testResults?: { name: string; assertionResults?: { fullName: string; status: string }[] }[];
    };
    for (const f of doc.testResults ?? [])
      for (const a of f.assertionResults ?? [])
        if (a.status === 'failed') failed.push(`${path.relative(dir, f.name)} › ${a.fullName}`);
  }
  return { code: r.status, failed, output: `${r.stdout}${r.stderr}` };
}

/**
 * The mutation check: copies the repository to a scratch folder (never touching the working tree), checks that
 * the named tests pass there unmutated, then plants each mutation of tests/mutations/mutations.json in turn and
 * expects its tests to fail. Exits 1 when a mutation survives or no longer applies.
 */
function main(): void {
  const root = projectRoot();
  const only = process.argv[2];
  const all = JSON.parse(
    readFileSync(path.join(root, 'tests/mutations/mutations.json'), 'utf8'),
  ) as Mutation[];
  const list = only ? all.filter((m) => m.name.includes(only)) : all;
  const scratch = mkdtempSync(path.join(tmpdir(), 'plan-bot-mutations-'));
  try {
    for (const p of COPY) cpSync(path.join(root, p), path.join(scratch, p), { recursive: true });
    symlinkSync(path.join(root, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
    const problems: string[] = [];
    for (const m of list) {
      const src = readFileSync(path.join(root, m.file), 'utf8');
      const hits = src.split(m.search).length - 1;
      if (hits !== 1) problems.push(`${m.name}: the search text occurs ${hits} times in ${m.file}`);
    }
    if (problems.length) {
      for (const p of problems) console.error(`NO LONGER APPLIES ${p}`);
      process.exit(1);
    }
    const baseline = runTests(scratch, [...new Set(list.flatMap((m) => m.tests))]);
    if (baseline.code !== 0) {
      console.error(`the unmutated tests fail in the scratch copy:\n${baseline.output.slice(-4000)}`);
      process.exit(1);
    }
    const survivors: string[] = [];
    for (const m of list) {
      const file = path.join(scratch, m.file);
      const original = readFileSync(file, 'utf8');
      writeFileSync(
        file,
        original.replace(m.search, () => m.replace),
      );
      const t0 = Date.now();
      const r = runTests(scratch, m.tests, m.env);
      writeFileSync(file, original);
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      if (r.code === 0) {
        survivors.push(m.name);
        console.log(`SURVIVED ${m.name} (${m.tests.join(' ')}, ${secs} s)`);
      } else if (r.failed.length === 0) {
        // vitest failed without a failed test: a compile error or a crash, not a test catching the bug
        survivors.push(m.name);
        console.log(`BROKEN   ${m.name}: no test failed, vitest exited ${r.code}\n${r.output.slice(-2000)}`);
      } else {
        console.log(
          `caught   ${m.name} (${secs} s) by ${r.failed[0]}${r.failed.length > 1 ? ` and ${r.failed.length - 1} more` : ''}`,
        );
      }
    }
    console.log(`${list.length - survivors.length}/${list.length} mutations caught`);
    if (survivors.length) process.exit(1);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
