import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { projectRoot } from '../../src/project-root.js';
import { runCli } from '../cli/run-cli.js';
import { tempDataDir } from '../helpers/temp-bot.js';

const read = (f: string) => readFileSync(path.join(projectRoot(), f), 'utf8');
const fixture = path.join(projectRoot(), 'tests/fixtures/replay/week-2021-W23.jsonl');

/** The KEY=value lines that are set (not commented out) in an env file, as docker --env-file and systemd read them. */
function assignments(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m?.[1]) out[m[1]] = m[2] ?? '';
  }
  return out;
}

/** The ENV of the Dockerfile's last stage (the image the bot runs in). */
function imageEnv(dockerfile: string): Record<string, string> {
  const last = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const out: Record<string, string> = {};
  for (const m of last.matchAll(/^ENV ((?:[^\n]*\\\n)*[^\n]*)$/gm)) {
    for (const kv of (m[1] ?? '').replace(/\\\n/g, ' ').trim().split(/\s+/)) {
      const [k, ...v] = kv.split('=');
      if (k) out[k] = v.join('=');
    }
  }
  return out;
}

describe('.env.example, the Docker image and the systemd unit agree', () => {
  it('docker run --env-file .env (a copy of .env.example) keeps the data in the image’s volume /data', () => {
    const image = imageEnv(read('Dockerfile'));
    expect(image.PLAN_BOT_DATA).toBe('/data');
    // docker applies the image's ENV, then --env-file on top
    const env = { ...image, ...assignments(read('.env.example')) };
    expect(loadConfig(env).dataDir).toBe('/data');
  });

  it('systemd with EnvironmentFile= (a copy of .env.example) keeps the unit’s data directory', () => {
    const unit = read('deploy/plan-bot.service');
    const set = Object.fromEntries(
      [...unit.matchAll(/^Environment=([A-Z_]+)=(.*)$/gm)].map((m) => [m[1] as string, m[2] as string]),
    );
    expect(set.PLAN_BOT_DATA).toBe('/var/lib/plan-bot');
    // systemd: what EnvironmentFile= sets overrides Environment=
    const env = { ...set, ...assignments(read('.env.example')) };
    expect(loadConfig(env).dataDir).toBe('/var/lib/plan-bot');
  });
});

describe('export into DATA/exports on a new volume', { timeout: 30_000 }, () => {
  it('creates the exports folder of the data directory (as the README’s Docker command uses it)', async () => {
    const data = tempDataDir();
    expect((await runCli(['replay', fixture, '--data', data])).code).toBe(0);
    expect(existsSync(path.join(data, 'exports'))).toBe(false);
    const out = path.join(data, 'exports', 'ledger.xlsx');
    const r = await runCli(['export', '--out', out], { env: { PLAN_BOT_DATA: data } });
    expect(r.stderr).not.toContain('does not exist');
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });
});
