import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';

// docs/operating.md: "logs go to stderr, secrets are redacted". The real logger writes to file descriptor 2, so it runs in
// a child process (the built code, compiled by the global setup) and its stderr is read back.
const loggerModule = pathToFileURL(path.join(projectRoot(), 'dist/src/core/create-logger.js')).href;

/** Logs `obj` through createLogger('info') in a child process; returns the parsed line and stdout. */
function logInChild(obj: unknown): { line: Record<string, unknown>; raw: string; stdout: string } {
  const script = `const { createLogger } = await import(${JSON.stringify(loggerModule)});
createLogger('info').info(${JSON.stringify(obj)}, 'with secrets');`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const raw = r.stderr.trim();
  return { line: JSON.parse(raw) as Record<string, unknown>, raw, stdout: r.stdout };
}

describe('the pino logger', () => {
  it('redacts secrets at the top level and nested, and writes to stderr only', () => {
    const { line, raw, stdout } = logInChild({
      app_secret: 'S-top',
      token: 'T-top',
      cfg: { appSecret: 'S-1', encryptKey: 'K-1' },
      err: { config: { headers: { Authorization: 'Bearer A-3' } } },
      req: { headers: { authorization: 'Bearer A-2' }, body: { tenant_access_token: 't-2' } },
      user: 'ou_fin1',
    });
    expect(stdout).toBe('');
    for (const secret of ['S-top', 'T-top', 'S-1', 'K-1', 'A-3', 'A-2', 't-2'])
      expect(raw).not.toContain(secret);
    expect(line).toMatchObject({
      app_secret: '[redacted]',
      token: '[redacted]',
      user: 'ou_fin1',
      msg: 'with secrets',
    });
    expect(line.err).toEqual({ config: { headers: { Authorization: '[redacted]' } } });
  });
});
