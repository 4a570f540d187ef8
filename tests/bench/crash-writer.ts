import { loadCore } from './checkin-load.js';

/**
 * Writes check-ins through the core as fast as it can (20 concurrent senders) and prints the message id of each
 * acknowledged one on stdout, until it is killed. Used by the SIGKILL crash-safety test; argument 2 is a PostgreSQL
 * URL to write there instead of the data directory (argument 1).
 */
async function main(dataDir: string, databaseUrl?: string): Promise<void> {
  const { checkin } = await loadCore(dataDir, 0, databaseUrl);
  process.stdout.write('ready\n');
  await Promise.all(
    Array.from({ length: 20 }, async (_, w) => {
      for (;;) {
        const id = await checkin(w);
        if (id) process.stdout.write(`${id}\n`);
      }
    }),
  );
}

main(process.argv[2] ?? './data', process.argv[3]).catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exit(1);
});
