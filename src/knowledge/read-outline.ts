import { cnNum, cnOf, ITEM, type Para, SECTION, TASK, type UnitsClause, unitsOf } from './plan-paragraphs.js';
import type { Knowledge } from './schema.js';

type Kind = 'ideology' | 'principles' | 'goals' | 'tasks' | 'safeguards' | 'other';

/** What a section or sub-section holds, from its heading. */
export function kindOf(title: string): Kind {
  if (/指导思想|总体要求|总体思路/.test(title)) return 'ideology';
  if (/原则/.test(title)) return 'principles';
  if (/目标/.test(title)) return 'goals';
  if (/任务|重点工作|主要措施|工作内容|主要内容/.test(title)) return 'tasks';
  if (/保障|措施|要求|机制/.test(title)) return 'safeguards';
  return 'other';
}

/** A numbered paragraph of the body: its numbering, number, text after the number and units clause, if any. */
interface Node {
  para: Para;
  kind: 'item' | 'task' | 'text';
  numeral: string;
  no: number;
  rest: string;
  units?: UnitsClause;
}

interface Section {
  numeral: string;
  title: string;
  kind: Kind;
  nodes: Node[];
}

/** A task or safeguard as read, before deadlines, figures and the overlay. */
export interface ReadClause {
  line: number;
  no: number;
  body: string;
  units?: UnitsClause;
}

/** The body of a plan, read into its parts. */
export interface Outline {
  ideology: string[];
  principles: Knowledge['principles'];
  goals: string[];
  groups: Knowledge['groups'];
  tasks: (ReadClause & { group: number })[];
  safeguards: ReadClause[];
  /** How the tasks were numbered: 1. (arabic) or （一） (item), and whether numbering started again per group. */
  taskNumbering: 'arabic' | 'item';
  renumbered: boolean;
}

const short = (s: string) => s.length < 40 && !/[。；;]/.test(s);

function nodeOf(p: Para): Node {
  const item = ITEM.exec(p.text);
  if (item) {
    const rest = item[2] ?? '';
    return {
      para: p,
      kind: 'item',
      numeral: item[1] ?? '',
      no: cnNum(item[1] ?? ''),
      rest,
      units: unitsOf(rest),
    };
  }
  const task = TASK.exec(p.text);
  if (task) {
    const n = task[1] ?? '';
    const no = Number(n.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
    return { para: p, kind: 'task', numeral: n, no, rest: task[2] ?? '', units: unitsOf(task[2] ?? '') };
  }
  return { para: p, kind: 'text', numeral: '', no: 0, rest: p.text, units: unitsOf(p.text) };
}

/**
 * Reads the body of a plan (from its first 一、 heading) into ideology, principles, goals, groups of tasks and
 * safeguards. The tasks are the numbered paragraphs that carry a units clause: "1." paragraphs grouped under
 * （一） headings (or under the 一、 sections that hold them), or "（一）" paragraphs grouped under the 一、
 * sections that hold them when no "1." paragraph has units. Sections named 保障/要求/措施 after the tasks hold
 * the safeguards; a 总体要求 section may hold （一）指导思想 （二）基本原则 （三）目标 as sub-sections.
 */
export function readOutline(body: Para[]): Outline {
  const sections: Section[] = [];
  for (const p of body) {
    const sec = SECTION.exec(p.text);
    if (sec && short(p.text)) {
      const title = (sec[2] ?? '').trim();
      sections.push({ numeral: sec[1] ?? '', title, kind: kindOf(title), nodes: [] });
    } else sections[sections.length - 1]?.nodes.push(nodeOf(p));
  }
  const notTasks = (s: Section) => ['ideology', 'principles', 'goals', 'safeguards'].includes(s.kind);
  const count = (kind: Node['kind']) =>
    sections.filter((s) => !notTasks(s)).flatMap((s) => s.nodes.filter((n) => n.kind === kind && n.units))
      .length;
  const anyArabic = sections.some((s) => s.kind === 'tasks' && s.nodes.some((n) => n.kind === 'task'));
  const taskNumbering: Outline['taskNumbering'] =
    count('task') > 0 || anyArabic || count('item') === 0 ? 'arabic' : 'item';

  const out: Outline = {
    ideology: [],
    principles: [],
    goals: [],
    groups: [],
    tasks: [],
    safeguards: [],
    taskNumbering,
    renumbered: false,
  };
  const isTaskNode = (n: Node) =>
    taskNumbering === 'arabic' ? n.kind === 'task' : n.kind === 'item' && n.units !== undefined;
  const taskSections = sections.filter((s) => !notTasks(s) && s.nodes.some(isTaskNode));
  const groupBySection = taskNumbering === 'item' || taskSections.every((s) => !s.nodes.some(groupHeading));
  function groupHeading(n: Node): boolean {
    return taskNumbering === 'arabic' && n.kind === 'item' && !n.units && short(n.rest);
  }
  const newGroup = (title: string) => {
    const no = out.groups.length + 1;
    out.groups.push({ no, numeral: cnOf(no), title, tasks: [] });
  };
  const firstNos: number[] = [];

  for (const s of sections) {
    if (taskSections.includes(s)) {
      if (groupBySection) newGroup(s.title);
      for (const n of s.nodes) {
        if (!groupBySection && groupHeading(n)) newGroup(n.rest.trim());
        else if (isTaskNode(n)) {
          if (out.groups.length === 0) newGroup(s.title);
          const group = out.groups[out.groups.length - 1] as Knowledge['groups'][number];
          if (group.tasks.length === 0) firstNos.push(n.no);
          group.tasks.push(n.no);
          out.tasks.push({
            line: n.para.line,
            no: n.no,
            body: n.units ? n.units.body : n.rest.trim(),
            units: n.units,
            group: group.no,
          });
        }
      }
      continue;
    }
    // a 总体要求 section may hold its parts as （一）指导思想 （二）基本原则 （三）工作目标
    let kind = s.kind;
    for (const n of s.nodes) {
      const sub = n.kind === 'item' && short(n.rest) ? kindOf(n.rest) : 'other';
      if (sub !== 'other' && sub !== 'tasks' && ['ideology', 'principles', 'goals'].includes(s.kind)) {
        kind = sub;
        continue;
      }
      if (kind === 'ideology') out.ideology.push(n.para.text);
      else if (kind === 'goals') out.goals.push(n.para.text);
      else if (kind === 'principles' && n.kind !== 'text') {
        out.principles.push({
          no: out.principles.length + 1,
          title: n.rest.split('。')[0] ?? n.rest,
          text: n.rest,
        });
      } else if (kind === 'safeguards' && n.kind !== 'text') {
        out.safeguards.push({
          line: n.para.line,
          no: out.safeguards.length + 1,
          body: n.units ? n.units.body : n.rest.trim(),
          units: n.units,
        });
      }
    }
  }
  // numbering started again in each group ((一)(二) under 二、, (一)(二) under 三、): number the tasks in order
  if (out.groups.length > 1 && firstNos.every((n) => n === 1)) {
    let no = 0;
    for (const t of out.tasks) t.no = ++no;
    let i = 0;
    for (const g of out.groups) g.tasks = g.tasks.map(() => out.tasks[i++]?.no ?? 0);
    out.renumbered = true;
  }
  return out;
}
