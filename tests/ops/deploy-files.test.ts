import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkCalendar } from '../../src/checkins/holidays-file.js';
import { projectRoot } from '../../src/project-root.js';

const root = projectRoot();
const read = (f: string) => readFileSync(path.join(root, f), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((f) => {
    const rel = path.join(dir, f);
    return statSync(path.join(root, rel)).isDirectory() ? sources(rel) : rel.endsWith('.ts') ? [rel] : [];
  });
}

describe('deployment files', () => {
  it('.env.example lists every variable the code reads, each with a comment above it', () => {
    const code = [...sources('src'), ...sources('adapters')].map(read);
    // names of constants (const WECOM_TEXT_BYTES = …) are not variables
    const constants = new Set(code.flatMap((t) => [...t.matchAll(/\bconst ([A-Z_]+) =/g)].map((m) => m[1])));
    const used = new Set(
      code
        .flatMap((t) => t.match(/\b(?:PLAN_BOT|LARK|WECHATY|WECOM)_[A-Z_]+\b/g) ?? [])
        .filter((v) => !constants.has(v)),
    );
    expect(used.has('WECOM_CORP_ID')).toBe(true);
    const example = read('.env.example').split('\n');
    for (const v of used) {
      const i = example.findIndex((l) => new RegExp(`^(?:# )?${v}=`).test(l));
      expect(i, `${v} missing from .env.example`).toBeGreaterThan(0);
      expect(example[i - 1], `${v} needs a comment above it`).toMatch(/^#/);
    }
  });

  it('package.json ships built code without compiled tests, has a license, and start does not build', () => {
    const pkg = JSON.parse(read('package.json')) as {
      files: string[];
      license?: string;
      scripts: Record<string, string>;
    };
    expect(pkg.license).toBeTruthy();
    expect(pkg.files).toContain('dist/src/');
    expect(pkg.files.some((f) => f.startsWith('dist/tests') || f === 'dist' || f === 'dist/')).toBe(false);
    expect(pkg.scripts.prestart).toBeUndefined();
    expect(pkg.scripts.prepare).toContain('build');
  });

  it('the systemd unit restarts on failure and runs as its own user; the Dockerfile is multi-stage, non-root, with a health check', () => {
    const unit = read('deploy/plan-bot.service');
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^User=plan-bot$/m);
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node \/opt\/plan-bot\/dist\/src\/cli\/plan-bot\.js start$/m);
    const docker = read('Dockerfile');
    expect(docker.match(/^FROM node:20-slim/gm)).toHaveLength(2);
    expect(docker).toMatch(/^USER node$/m);
    expect(docker).toMatch(/^VOLUME \/data$/m);
    expect(docker).toMatch(
      /^HEALTHCHECK [^\n]*\\\n\s+CMD \["node", "dist\/src\/cli\/plan-bot\.js", "status"\]$/m,
    );
  });
});

describe('docs/operating.md › Holidays', () => {
  it('its worked example, typed in from the 2025 notice, is exactly what chinese-days has for 2025', async () => {
    const doc = read('docs/operating.md');
    const block = /<!-- holidays-example -->\n```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-holidays-doc-'));
    writeFileSync(path.join(dir, 'holidays.json'), block as string);
    const cal = loadWorkCalendar(dir);
    const lib = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as {
      holidays: Record<string, string>;
      workdays: Record<string, string>;
    };
    const of2025 = (o: Record<string, string>) =>
      Object.keys(o)
        .filter((d) => d.startsWith('2025'))
        .sort();
    expect([...cal.overrides.holidays].sort()).toEqual(of2025(lib.holidays));
    expect([...cal.overrides.workdays].sort()).toEqual(of2025(lib.workdays));
  });
});
