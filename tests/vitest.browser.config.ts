import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = path.dirname(fileURLToPath(import.meta.url));

// The tests in a real browser (Debian's chromium through playwright-core), outside `npm test`'s default run:
// `npm run test:browser` (.ci/run installs chromium first). Files are named *.browser.ts so that the default
// config never picks them up.
export default defineConfig({
  test: {
    root: path.join(here, '..'),
    include: ['tests/browser/**/*.browser.ts'],
    globalSetup: [path.join(here, 'helpers/build-dist.ts')],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
