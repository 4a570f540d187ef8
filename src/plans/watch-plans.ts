import { type FSWatcher, statSync, watch } from 'node:fs';
import type { Logger } from '../core/logger.js';
import type { PlanSet } from '../knowledge/plan-set.js';

/**
 * Watches a plan folder and reloads the plans when a plan file is added, replaced or removed (a plan imported with
 * `plan-bot import … --out` into the folder is answered without a restart). Changes are gathered for `settleMs`
 * so that a file being written is read once it is complete; a bad file is logged and the plans loaded stay.
 * Nothing is watched when the plans come from a single file. Returns what stops the watch.
 */
export function watchPlans(
  set: PlanSet,
  log: Logger,
  opts: { settleMs?: number; onReload?: (r: ReturnType<PlanSet['reload']>) => void } = {},
): () => void {
  const dir = set.source;
  let isDir = false;
  try {
    isDir = dir !== undefined && statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!dir || !isDir) return () => {};
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  const reload = () => {
    timer = undefined;
    try {
      const r = set.reload();
      log.info({ ...r, plans: set.size }, 'plan folder changed: plans reloaded');
      opts.onReload?.(r);
    } catch (err) {
      log.warn({ err }, 'plan folder changed but a plan file cannot be used; the plans loaded stay');
    }
  };
  try {
    watcher = watch(dir, (_event, name) => {
      // the importer writes NAME.json.<pid>.tmp and renames it: only plan files count
      if (name && (!name.endsWith('.json') || name.endsWith('.overlay.json'))) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(reload, opts.settleMs ?? 1000);
      timer.unref();
    });
    watcher.on('error', (err) =>
      log.warn({ err }, 'plan folder watch failed; say 重新加载方案 after adding a plan'),
    );
    watcher.unref();
  } catch (err) {
    log.warn({ err }, 'cannot watch the plan folder; say 重新加载方案 after adding a plan');
  }
  return () => {
    if (timer) clearTimeout(timer);
    watcher?.close();
  };
}
