import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A tmpfs mounted for one test; unmount it in `finally`. */
export interface SmallDisk {
  dir: string;
  unmount: () => void;
}

/** Mounts a tmpfs of `kib` KiB in a fresh temp folder (needs root or CAP_SYS_ADMIN); throws when it cannot. */
export function mountSmallDisk(kib: number): SmallDisk {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let probed: { reason: string | undefined } | undefined;

/**
 * Why a small disk cannot be mounted here (not root, no mount permission in the container), or undefined when it
 * can: tried once with a tiny tmpfs that is unmounted at once, so a skipped or filtered test leaves nothing mounted.
 */
export function smallDiskUnavailable(): string | undefined {
  if (!probed) {
    try {
      mountSmallDisk(64).unmount();
      probed = { reason: undefined };
    } catch (e) {
      const why = String((e as Error).message).split('\n')[0];
      probed = { reason: `cannot mount a tmpfs (${why}); run the tests as root to check a full disk` };
    }
  }
  return probed.reason;
}
