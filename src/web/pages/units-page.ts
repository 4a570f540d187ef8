import type { Knowledge } from '../../knowledge/schema.js';
import type { Db } from '../../store/db-schema.js';
import { html } from './html.js';
import { layout, type PageContext, planUrl } from './layout.js';

/** Every responsible unit of the plan with its tasks and whether it has a liaison. */
export function unitsPage(ctx: PageContext, kb: Knowledge, db: Db): string {
  const rostered = new Set(db.roster.map((u) => u.unit));
  const body = html`
<h1>责任单位</h1>
<div class="scroll"><table class="full"><thead><tr><th>单位</th><th>负责任务</th><th>牵头</th><th>联络员</th></tr></thead><tbody>
${kb.units.map((u) => {
  const tasks = kb.tasks.filter((t) => t.units.includes(u.name));
  return html`<tr><td><a href="${planUrl(ctx, 'unit', u.name)}">${u.name}</a></td><td>${tasks.length ? tasks.map((t) => t.no).join('、') : '—'}</td><td>${tasks.filter((t) => t.units[0] === u.name).length}</td><td>${rostered.has(u.name) ? '已绑定' : '未绑定'}</td></tr>`;
})}
</tbody></table></div>`;
  return layout(ctx, '责任单位', body, 'units');
}
