/**
 * The sentence of a clause's text that holds a topic asked about (学分银行 → "依托职业教育国家“学分银行”,开展…"),
 * so that an answer found by topic points at it; undefined when the topic is the clause's whole subject or no one
 * sentence holds it.
 */
export function topicSentence(text: string, topic: string, title = ''): string | undefined {
  const words = topic.replace(/[\s“”"‘’'《》「」]/g, '');
  if (words.length < 2) return undefined;
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) pairs.add(words.slice(i, i + 2));
  // the topic is what the title says (产教融合 in 推进产教深度融合): the whole clause is about it
  if ([...pairs].filter((p) => title.includes(p)).length * 3 >= pairs.size * 2) return undefined;
  const sentences = text
    .split(/(?<=[。；;！？])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (sentences.length < 2) return undefined;
  const plain = (s: string) => s.replace(/[\s“”"‘’'《》「」]/g, '');
  const holding = sentences.filter((s) => plain(s).includes(words));
  if (holding.length === 1) return holding[0];
  if (holding.length > 1) return undefined;
  // the topic's character pairs, most of them in one sentence only
  const score = (s: string) => [...pairs].filter((p) => plain(s).includes(p)).length / pairs.size;
  const ranked = sentences.map((s) => ({ s, v: score(s) })).sort((a, b) => b.v - a.v);
  const [best, next] = ranked;
  return best && best.v >= 0.75 && (!next || next.v < best.v - 0.25) ? best.s : undefined;
}
