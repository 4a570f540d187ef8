import type { Logger } from '../core/logger.js';
import type { Knowledge } from '../knowledge/schema.js';
import type { Store } from '../store/store.js';
import { readRosterFile } from './roster-file.js';

/**
 * Applies roster.json from the data directory when it is new or has changed since it was last applied; edits made
 * in chat (绑定/解绑) stay in effect until the file changes again.
 */
export async function seedRoster(store: Store, dataDir: string, kb: Knowledge, log: Logger): Promise<void> {
  const file = readRosterFile(dataDir, kb);
  if (!file || file.hash === store.data.rosterSeed) return;
  store.setRoster(file.units, file.hash);
  await store.commit();
  log.info({ units: file.units.length }, 'roster.json applied');
}
