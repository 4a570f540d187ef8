import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = path.dirname(fileURLToPath(import.meta.url));

// Tests that spawn the CLI or the crash writer run the built code in dist/: build it first, so that
// `npx vitest run --config tests/vitest.config.ts some.test.ts` never tests stale output. The config lives in tests/
// because the project's top level is fixed (package.json, tsconfig.json, src, knowledge, adapters, tests, README.md,
// docs).
export default defineConfig({
  test: { root: path.join(here, '..'), globalSetup: [path.join(here, 'helpers/build-dist.ts')] },
});
