/**
 * The short names people use for a unit, derived from its printed name: 县财政局 → 财政局, 人社局 → 人社;
 * 县委编办 → 编办; 各乡镇 → 乡镇. A stem that is an ordinary word of the plan (教育 in 职业教育, 财政 in 财政投入)
 * is left out, since questions use it without meaning the unit; names shorter than two characters never appear.
 */
export function deriveAliases(name: string, isCommonWord: (w: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const add = (a: string) => {
    if (a.length >= 2 && a !== name && !out.includes(a)) out.push(a);
  };
  const bare = name.replace(/^(?:[县市区]委|[县市区]|各)/, '');
  add(bare);
  const stem = bare.replace(/(?:局|委员会|办公室|办)$/, '');
  if (stem !== bare && !isCommonWord(stem)) add(stem);
  return out;
}
