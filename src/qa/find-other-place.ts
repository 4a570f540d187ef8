import type { Knowledge } from '../knowledge/schema.js';

/** A place other than the plan's own (运城市, 闻喜县) named in a question, if any. */
export function findOtherPlace(text: string, kb: Knowledge): string | undefined {
  const home = /^[\u4e00-\u9fa5]{2,4}?[省市县]/.exec(kb.document.title)?.[0];
  // every 省/市/县 with the two or three Chinese characters before it: 依据的山西省 → 山西省
  for (let i = 2; i < text.length; i++) {
    if (!'省市县'.includes(text[i] as string) || /[级委直域内里外属区长政府]/.test(text[i + 1] ?? ''))
      continue;
    // 由县发改局: the 县 begins one of the plan's own units
    if (
      kb.units.some(
        (u) => text.startsWith(u.name, i) || u.aliases.some((a) => text.startsWith(`${text[i]}${a}`, i)),
      )
    )
      continue;
    for (const len of [2, 3]) {
      const prefix = text.slice(Math.max(0, i - len), i);
      if (prefix.length < len || !/^[\u4e00-\u9fa5]+$/.test(prefix)) continue;
      const place = `${prefix}${text[i]}`;
      // place names are proper nouns: a function word or a verb in front means this is not one (请问县, 加入几个省)
      if (
        place === home ||
        /[全本我该各每乡外两省市县所请问几个入的是在和与了要哪这那有为对从把被给向到至及或等些加由务]/.test(
          prefix,
        )
      ) {
        continue;
      }
      if (kb.units.some((u) => u.name.includes(place))) continue;
      return place;
    }
  }
  return undefined;
}
