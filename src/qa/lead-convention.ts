/**
 * The one line an answer adds where it names a task's lead and the plan does not: 稷政发〔2021〕6号 lists each task's
 * units (（责任单位：…）) without saying which leads, and the first listed leads by convention.
 */
export const LEAD_CONVENTION =
  '（方案只列出责任单位，没有写明牵头单位；按惯例，所列的第一个单位为牵头单位。）';

/** True when a clause names no lead, so that the lead given is the first unit listed (by convention). */
export function leadByConvention(x: { units: string[]; unitsClause: string }): boolean {
  return x.units.length > 1 && !/牵头/.test(x.unitsClause);
}
