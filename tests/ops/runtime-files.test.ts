import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';

const root = projectRoot();
const read = (f: string) => readFileSync(path.join(root, f), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((f) => {
    const rel = path.join(dir, f);
    return statSync(path.join(root, rel)).isDirectory() ? sources(rel) : rel.endsWith('.ts') ? [rel] : [];
  });
}

/** The data files the code reads from the install at run time: path.join(projectRoot(), 'src/…'), not code. */
function runtimeDataFiles(): string[] {
  const files = new Set<string>();
  for (const f of [...sources('src'), ...sources('adapters')])
    for (const m of read(f).matchAll(/projectRoot\(\),\s*'((?:src|adapters)\/[^']+\.\w+)'/g))
      if (!(m[1] as string).endsWith('.ts')) files.add(m[1] as string);
  return [...files].sort();
}

/** What the Dockerfile's last stage holds under /app: the paths copied into it, before or after a build. */
function imagePaths(): string[] {
  const docker = read('Dockerfile');
  const last = docker.slice(docker.lastIndexOf('\nFROM '));
  return [...last.matchAll(/^COPY (?:--from=\S+ )?(\S+) (\S+)$/gm)].map((m) =>
    path.posix.normalize(m[2] as string),
  );
}

describe('the data files the code reads at run time ship with it', () => {
  it('finds them (the lexicon, the command words, …)', () => {
    const files = runtimeDataFiles();
    expect(files).toContain('src/language/lexicon.json');
    expect(files).toContain('src/language/commands.json');
    expect(files).toContain('src/language/traditional-chars.txt');
    for (const f of files) expect(existsSync(path.join(root, f)), f).toBe(true);
  });

  it('in the Docker image: its last stage copies them to the same paths under /app', () => {
    const docker = read('Dockerfile');
    const copied = imagePaths();
    // the build stage gathers every file of src/ and adapters/ but the TypeScript; the run stage copies it to ./src
    expect(docker).toMatch(/^RUN .*find src adapters -type f ! -name '\*\.ts' -exec cp --parents .*$/m);
    for (const f of runtimeDataFiles()) {
      const top = f.split('/')[0] as string;
      expect(copied, `${f} is not in the image`).toContain(top);
    }
  });

  it('in the npm package: package.json "files" includes them', () => {
    const pkg = JSON.parse(read('package.json')) as { files: string[] };
    for (const f of runtimeDataFiles()) expect(pkg.files, f).toContain(`src/**/*${path.extname(f)}`);
  });
});
