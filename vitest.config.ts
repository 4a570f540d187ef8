import { defineConfig } from 'vitest/config';

// Tests that spawn the CLI or the crash writer run the built code in dist/: build it first, so that
// `npx vitest run some.test.ts` never tests stale output.
export default defineConfig({
  test: { globalSetup: ['tests/helpers/build-dist.ts'] },
});
