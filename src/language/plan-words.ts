/**
 * The words of one plan that the tokenizer knows besides the generic lexicon: its units with their aliases, its
 * group, safeguard and task titles, and its title (for the home county). A Knowledge base is one; the language
 * layer names only this shape so that it depends on nothing above it.
 */
export interface PlanWords {
  document: { title: string };
  units: { name: string; aliases: string[]; en: string; enAliases: string[] }[];
  groups: { no: number; title: string }[];
  safeguards: { no: number; title: string }[];
  tasks: { no: number; title: string }[];
}
