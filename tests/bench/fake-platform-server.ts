import { FakeOpenPlatform } from '../adapters/lark/fake-open-platform.js';

/** Runs the fake Lark open platform in its own process (for benchmarks) and prints its URL. */
const fake = await new FakeOpenPlatform().start({ ws: true });
process.stdout.write(`${fake.url}\n`);
process.on('SIGTERM', () => {
  void fake.stop().then(() => process.exit(0));
});
