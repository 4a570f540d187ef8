/** Separators: a pause between the withdrawal word and what follows. */
const PAUSE = /^[\s,，。.!！、~～:：;；]+/u;
/** Words that may repeat or soften the withdrawal before its task or reason ("撤回 撤回", "撤回一下"). */
const LEAD = /^(?:[\s,，。.!！、~～]*(?:撤回|撤销|一下))*/u;
/** A task after the word: "撤回任务3", "撤回 3". */
const TASK = /^\s*(?:任务\s*)?(\d{1,3})(?![\d.%％])/u;
/** What a reason may not hold: a figure or a numeral (a correction, "第二条"), or a question. */
const NOT_A_REASON =
  /[\d%％〇零一二三四五六七八九十两百几]|[?？吗呢]|怎么|如何|为什么|能否|能不能|可不可以|是否|谁|哪|什么/u;

/**
 * What a message starting with 撤回/撤销 asks to withdraw, read from the text after that word: a task ("撤回任务3",
 * "撤回 3"), or the last report (nothing more, or only a reason after a pause: "撤回 撤回 发错了 这是草稿").
 * Undefined when it is something else: a figure ("撤回 改成40%"), a question ("撤销了的任务怎么办").
 */
export function withdrawRequest(after: string): { task?: number } | undefined {
  let r = after.replace(LEAD, '');
  const t = TASK.exec(r);
  if (t) r = r.slice(t[0].length);
  const reason = r.replace(PAUSE, '');
  if (reason.trim() !== '' && (reason === r || NOT_A_REASON.test(reason))) return undefined;
  return t ? { task: Number(t[1]) } : {};
}
