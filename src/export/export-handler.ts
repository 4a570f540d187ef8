import type { Handler } from '../core/handler.js';
import type { Plan, PlanSet } from '../knowledge/plan-set.js';
import type { Clock } from '../shared/types.js';
import type { Store } from '../store/store.js';
import type { ExportSupervision } from '../supervision/export-view.js';
import { chatExport } from './chat-export.js';
import { EXPORT_BUTTONS } from './export-buttons.js';

/** An admin's 导出: the file goes to them directly (privately when asked in a group). */
export function exportHandler(deps: {
  plans: PlanSet;
  store: Store;
  clock: Clock;
  dataDir: string;
  /** Deadlines, 督办通报 and review in each plan's export (src/supervision). */
  supervision?: (plan: Plan) => ExportSupervision;
}): Handler {
  return {
    name: 'export',
    help: { section: '', adminButtons: EXPORT_BUTTONS },
    match: (ctx) => ctx.command?.name === 'export',
    handle: (ctx) => chatExport({ ...ctx.msg, text: ctx.text }, { ...deps, isAdmin: ctx.sender.admin }),
  };
}
