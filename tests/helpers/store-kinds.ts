import { FileStore } from '../../src/store/file-store.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { dropDatabase, freshDatabase, noPostgres } from './pg-test-db.js';
import { tempDataDir } from './temp-bot.js';

/** Where a test's data lives: a data directory, and a database when the store is PostgreSQL. */
export interface StoreHome {
  dataDir: string;
  databaseUrl?: string;
}

/** One implementation of the Store contract, as the contract tests open it. */
export interface StoreKind {
  name: string;
  /** Why its tests are skipped (no PostgreSQL server configured). */
  skip?: string;
  /** A new, empty home (a temp data directory, optionally with roster.json; a fresh database). */
  fresh(roster?: unknown): Promise<StoreHome>;
  /** Opens the store of a home for writing, as `plan-bot start` does. */
  open(home: StoreHome): Promise<Store>;
  /** Opens it read-only, as `export` and `status` do. */
  readOnly(home: StoreHome): Promise<Store>;
  /** Drops the databases made by fresh(). */
  cleanup(): Promise<void>;
}

const created: string[] = [];

/** The JSON store in a data directory (the default) and PostgreSQL (skipped without a test server). */
export const STORE_KINDS: StoreKind[] = [
  {
    name: 'JSON store',
    fresh: async (roster) => ({ dataDir: tempDataDir(roster) }),
    open: (home) => FileStore.open(home.dataDir),
    readOnly: (home) => FileStore.open(home.dataDir, { readOnly: true }),
    cleanup: async () => {},
  },
  {
    name: 'PostgreSQL',
    ...(noPostgres ? { skip: noPostgres } : {}),
    fresh: async (roster) => {
      const databaseUrl = await freshDatabase();
      created.push(databaseUrl);
      return { dataDir: tempDataDir(roster), databaseUrl };
    },
    open: (home) => openStore(home),
    readOnly: (home) => openStore({ ...home, readOnly: true }),
    cleanup: async () => {
      for (const u of created.splice(0)) await dropDatabase(u);
    },
  },
];
