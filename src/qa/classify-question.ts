// Whether something has been done: a plan sets tasks, it does not report on them (the reported ledger does).
const OUTCOME =
  /(?:达成|完成|实现|建成|建完|评上|挂牌|落实|做到|启动|开展|办成)了?(?:吗|没有|没)|是否(?:已经?)?(?:完成|达成|实现|建成|评上|落实)|有没有(?:完成|达成|建成|实现|评上|落实)|完成情况|实施效果|效果如何|成效如何|结果如何|结果怎么样|did it|has it been|was it/;

/**
 * Whether a question asks if something has been done (任务14完成了吗). Kept only for the core's router, which sends
 * such questions to the reported ledger; the question pipeline reads the same as a `progress` query.
 */
export function classifyQuestion(text: string): { outcome: boolean } {
  return { outcome: OUTCOME.test(text) };
}
