import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyDb } from '../../src/store/db-schema.js';
import { DB_FILE, FileStore, JOURNAL_FILE } from '../../src/store/file-store.js';

const at = (iso: string) => new Date(iso);

describe('used one-time login links (store operation)', () => {
  it('refuses a link a second time, also after a restart, and forgets links once they have expired', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-links-'));
    const store = await FileStore.open(dir);
    const now = at('2021-06-07T10:00:00+08:00');
    expect(store.claimLoginLink('a', at('2021-06-07T10:10:00+08:00'), now)).toBe(true);
    expect(store.claimLoginLink('a', at('2021-06-07T10:10:00+08:00'), now)).toBe(false);
    expect(store.claimLoginLink('b', at('2021-06-07T10:05:00+08:00'), now)).toBe(true);
    await store.commit();
    // stopped as a kill would: only what was committed is there
    store.claimLoginLink('uncommitted', at('2021-06-07T10:10:00+08:00'), now);
    await store.close({ flush: false });

    const again = await FileStore.open(dir);
    expect(again.data.usedLinks?.uncommitted).toBeUndefined();
    expect(again.claimLoginLink('a', at('2021-06-07T10:10:00+08:00'), now)).toBe(false);
    // 10:06: b has expired and is dropped when the next link is claimed; a is kept until it expires
    expect(again.claimLoginLink('c', at('2021-06-07T10:16:00+08:00'), at('2021-06-07T10:06:00+08:00'))).toBe(
      true,
    );
    expect(Object.keys(again.data.usedLinks ?? {}).sort()).toEqual(['a', 'c']);
    await again.close();
    const snapshot = JSON.parse(readFileSync(path.join(dir, DB_FILE), 'utf8'));
    expect(Object.keys(snapshot.usedLinks).sort()).toEqual(['a', 'c']);
  });

  it('opens a database written before the web view (no usedLinks) and refuses a bad value in the journal', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-links-'));
    const { usedLinks: _u, ...before } = emptyDb();
    writeFileSync(path.join(dir, DB_FILE), JSON.stringify(before));
    const store = await FileStore.open(dir, { readOnly: true });
    expect(store.data.usedLinks ?? {}).toEqual({});
    writeFileSync(
      path.join(dir, JOURNAL_FILE),
      `${JSON.stringify({ seq: 1, ops: [{ t: 'put', k: 'usedLinks', id: 'x', v: 'tomorrow' }] })}\n`,
    );
    await expect(FileStore.open(dir, { readOnly: true })).rejects.toThrow(/第1行：usedLinks/);
  });
});
