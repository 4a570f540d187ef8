import { STATUS_LABEL } from '../../src/checkins/status-labels.js';
import type { CheckinFormSpec } from '../../src/shared/types.js';
import { type CardActionValue, card2, md } from './card-parts.js';

const plain = (content: string) => ({ tag: 'plain_text', content });

/**
 * The check-in form card (JSON 2.0, Lark 7.20+): the unit's tasks as a select, status as a select, progress
 * (0–100) and a note as inputs, one submit button whose callback carries `{act: 'checkin'}` and the form's values
 * in `action.form_value`. Once `spec.recorded` is set, the same card shows what was recorded instead of the form
 * (the callback answers with it, so the clicked card is replaced in place).
 */
export function renderFormCard(spec: CheckinFormSpec): Record<string, unknown> {
  const title = `${spec.unit} ${spec.week} 进度填报`;
  if (spec.recorded) {
    return card2(`${title}（已记录）`, 'green', [
      { tag: 'markdown', content: `**已记录**\n${spec.recorded.map(md).join('\n')}` },
      {
        tag: 'markdown',
        content:
          "<font color='grey'>如需更正，发送“填报”重新填写，或直接发送该任务的汇报；发送“撤回”撤销。</font>",
      },
    ]);
  }
  const value: CardActionValue = { act: 'checkin', unit: spec.unit, week: spec.week };
  return card2(title, 'blue', [
    { tag: 'markdown', content: '选择任务和状态，填写进度和情况说明后提交（每次一项任务）。' },
    {
      tag: 'form',
      name: 'checkin_form',
      elements: [
        {
          tag: 'select_static',
          name: 'task',
          required: true,
          placeholder: plain('选择任务'),
          ...(spec.tasks[0] && spec.tasks.length === 1 ? { initial_option: optionValue(spec.tasks[0]) } : {}),
          options: spec.tasks.map((t) => ({
            text: plain(`任务${t.no} ${t.title}`.slice(0, 60)),
            value: optionValue(t),
          })),
        },
        {
          tag: 'select_static',
          name: 'status',
          required: true,
          initial_option: 'normal',
          placeholder: plain('选择状态'),
          options: Object.entries(STATUS_LABEL).map(([v, label]) => ({ text: plain(label), value: v })),
        },
        { tag: 'input', name: 'progress', max_length: 3, placeholder: plain('进度（0—100的数字，可不填）') },
        {
          tag: 'input',
          name: 'note',
          input_type: 'multiline_text',
          max_length: 500,
          placeholder: plain('情况说明（可不填）'),
        },
        {
          tag: 'button',
          name: 'submit',
          text: plain('提交'),
          type: 'primary',
          form_action_type: 'submit',
          behaviors: [{ type: 'callback', value }],
        },
      ],
    },
  ]);
}

/** A task's value in the form: its number, or `plan:number` when the form lists tasks of several plans. */
function optionValue(t: CheckinFormSpec['tasks'][number]): string {
  return t.plan ? `${t.plan}:${t.no}` : String(t.no);
}
