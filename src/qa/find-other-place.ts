import type { Knowledge } from '../knowledge/schema.js';

/** A place other than the plan's own (运城市, 闻喜县) named in a question, if any. */
export function findOtherPlace(text: string, kb: Knowledge): string | undefined {
  const home = /^[\u4e00-\u9fa5]{2,4}?[省市县]/.exec(kb.document.title)?.[0];
  for (const m of text.matchAll(/([\u4e00-\u9fa5]{2,3}?)([省市县])(?![级委直域内里外属区])/g)) {
    const place = m[0];
    // place names are proper nouns: a function word or a verb in front means this is not one (请问县, 加入几个省)
    if (
      place === home ||
      /[全本我该各每乡外两省市县所请问几个入的是在和与了要哪这那有为对从把被给向到至及或等些加]/.test(
        m[1] ?? '',
      )
    ) {
      continue;
    }
    if (kb.units.some((u) => u.name.includes(place))) continue;
    return place;
  }
  return undefined;
}
