import { deriveAliases } from './derive-aliases.js';
import type { Overlay } from './overlay-schema.js';
import { type Knowledge, knowledgeSchema, type Target } from './schema.js';

/** A problem found while importing, with the 1-based line of the source it concerns. */
export interface ImportProblem {
  line: number;
  message: string;
}

/** The importer's result: a knowledge base that passes the schema, or the problems that prevent one. */
export type ImportResult = { ok: true; knowledge: Knowledge } | { ok: false; problems: ImportProblem[] };

interface Para {
  line: number;
  text: string;
}

const CN = '一二三四五六七八九十';
const cnNum = (s: string) => {
  const i = CN.indexOf(s);
  if (s.length === 1) return i + 1;
  if (s.startsWith('十')) return 10 + CN.indexOf(s[1] ?? '') + 1;
  return (CN.indexOf(s[0] ?? '') + 1) * 10 + (s[2] ? CN.indexOf(s[2]) + 1 : 0);
};
const ascii = (s: string) => s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
const iso = (y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;

const SECTION = new RegExp(`^([${CN}]+)、\\s*(.+)$`);
const ITEM = new RegExp(`^[（(]([${CN}]+)[）)]\\s*(.*)$`);
const TASK = /^([0-9０-９]{1,3})\s*[．.、]\s*(.+)$/;
const UNITS_CLAUSE =
  /[（(]\s*(责任单位|牵头单位)\s*[:：]\s*([^（()）]+?)(?:\s*[;；]\s*(配合单位|协办单位|参与单位)\s*[:：]\s*([^（()）]+?))?\s*[）)]\s*[。.]?\s*$/;
const CHROME =
  /无障碍|登录\s*\|\s*注册|字体大小|【\s*大?\s*中\s*小\s*】|打印本页|关闭窗口|^首页\s*[>＞]|当前位置|分享到|扫一扫|^时间[:：]|^信息索引号|^发布机构|^索引号|^主题分类|^发文机关|^成文日期|^发布日期/;

/** Splits raw text into paragraphs: web chrome dropped, spaced-out titles closed up, broken sentences joined. */
function paragraphs(raw: string): { paras: Para[]; lines: string[] } {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  const paras: Para[] = [];
  let blank = true;
  lines.forEach((l, i) => {
    const text = l.replace(/\u3000/g, ' ').trim();
    if (!text) {
      blank = true;
      return;
    }
    if (CHROME.test(text)) {
      blank = true;
      return;
    }
    const prev = paras[paras.length - 1];
    const structural = SECTION.test(text) || ITEM.test(text) || TASK.test(text);
    // a heading line (一、… or a short （一）…) never takes the next line into itself
    const heading =
      prev !== undefined &&
      (SECTION.test(prev.text) || ITEM.test(prev.text)) &&
      prev.text.length < 40 &&
      !/[。；]/.test(prev.text);
    const continues =
      prev !== undefined &&
      !structural &&
      !heading &&
      !/[。；;：:！？!?）)]$/.test(prev.text) &&
      !/(?:通知|行动计划|实施方案|工作方案|意见|决定)$/.test(prev.text) &&
      (!blank || prev.text.length >= 20) &&
      !/^\d{4}年\d{1,2}月\d{1,2}日$/.test(ascii(text)) &&
      !/^[（(]此件/.test(text);
    // a units clause on its own line, and the lines of a task before its clause, belong to the task above
    const unitsLine = prev !== undefined && /^[（(]\s*(?:责任单位|牵头单位)/.test(text);
    const openTask =
      prev !== undefined && !structural && TASK.test(prev.text) && !UNITS_CLAUSE.test(prev.text);
    if (continues || unitsLine || openTask) prev.text += text;
    else paras.push({ line: i + 1, text });
    blank = false;
  });
  return { paras, lines };
}

/** Splits a list of units on 、，, ; spaces, keeping names as printed. */
function splitUnits(s: string): string[] {
  return s
    .split(/[、，,\s]+/)
    .map((u) => u.trim())
    .filter(Boolean);
}

/** Parses the 责任单位 (or 牵头单位；配合单位) clause at the end of a paragraph. */
function unitsOf(text: string): { clause: string; units: string[]; body: string } | undefined {
  const m = UNITS_CLAUSE.exec(text);
  if (!m) return undefined;
  const units = [...splitUnits(m[2] ?? ''), ...splitUnits(m[4] ?? '')];
  const clause = m[0].replace(/[。.]\s*$/, '').trim();
  return { clause, units, body: text.slice(0, m.index).trim() };
}

/** The fields a task and a safeguard share, before figures and the overlay are added. */
function clauseFields(
  line: number,
  no: number,
  titleEn: string,
  body: string,
  u: ReturnType<typeof unitsOf>,
) {
  return {
    line,
    no,
    title: (body.split('。')[0] ?? body).trim(),
    titleEn,
    text: body,
    unitsClause: u?.clause ?? '',
    units: u?.units ?? [],
    keywords: [] as string[],
    keywordsEn: [] as string[],
    targets: [] as Target[],
  };
}

/** The sentence around position `at` (between 。 or ；), starting at 到YYYY年 when the sentence has one. */
function sentenceAt(text: string, at: number): string {
  const start = Math.max(text.lastIndexOf('。', at - 1), text.lastIndexOf('；', at - 1)) + 1;
  const endDot = text.indexOf('。', at);
  const end = endDot < 0 ? text.length : endDot + 1;
  let s = text.slice(start, end);
  const by = s.search(/到\s*\d{4}\s*年/);
  if (by > 0 && by <= at - start) s = s.slice(by);
  return s.trim();
}

const DEADLINE = /到\s*([0-9０-９]{4})\s*年(底|末)?/;

/** Figures in a clause: percentages, counts with a measure word, durations, quoted "3+2" forms; a figure's
 * deadline is the 到YYYY年 of its own sentence, or none. */
function findTargets(text: string): Target[] {
  const out: Target[] = [];
  const re =
    /(不低于|不少于|至少|达到)?\s*(\d+(?:\.\d+)?(?:\s*[-～~]\s*\d+)?)\s*(%|(?:个|门|项|所|家|名|人|户|村|座|处|公里|吨|套|台|亩|年|万元|亿元|万人|人次)(?:以上|左右)?)|“(\d+\+\d+)”/g;
  const plain = ascii(text).replace(/％/g, '%');
  for (const m of plain.matchAll(re)) {
    const at = m.index ?? 0;
    const quote = sentenceAt(text, at);
    const own = DEADLINE.exec(ascii(quote));
    const deadline = own ? `${own[1]}年${own[2] ? '底' : ''}` : null;
    if (m[4]) {
      const clause = clauseAt(plain, at)
        .replace(/“\d+\+\d+”/, '')
        .trim();
      out.push({ what: trimWhat(clause), value: m[4], unit: '', deadline, quote });
      continue;
    }
    const raw = (m[2] ?? '').replace(/\s/g, '').replace(/[～~]/, '-');
    if (m[3]?.startsWith('年') && Number(raw) >= 1000) continue; // 2023年 is a date, not a figure
    const value = /^\d+(?:\.\d+)?$/.test(raw) ? Number(raw) : raw;
    const unit = `${m[3] ?? ''}${m[1] && m[3] === '%' && m[1] !== '达到' ? '以上' : ''}`;
    const clause = clauseAt(plain, at).replace(m[0].trim(), ' ');
    out.push({ what: trimWhat(clause), value, unit, deadline, quote });
  }
  return out;
}

/** The comma-separated clause around a position. */
function clauseAt(text: string, at: number): string {
  const seps = /[,，、。；;]/g;
  let start = 0;
  let end = text.length;
  for (const m of text.matchAll(seps)) {
    const i = m.index ?? 0;
    if (i < at) start = i + 1;
    else {
      end = i;
      break;
    }
  }
  return text.slice(start, end);
}

function trimWhat(s: string): string {
  const t = s
    .replace(/^\s*(?:到\s*\d{4}\s*年底?\s*)/, '')
    .replace(/^(?:建设|打造|建成|加入|培养|实现|达到|完成|新增|开展)/, '')
    .replace(/(?:达到|不低于|不少于|为|的政策)\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return t || s.trim() || '指标';
}

/**
 * Parses the text of a Chinese government action plan (一、 sections, （一） groups, numbered tasks ending with
 * a （责任单位：…） or （牵头单位：…；配合单位：…） clause) into the knowledge schema, applying a curated overlay.
 * Tolerates web-page chrome, full- and half-width forms and line breaks inside sentences. Returns problems with
 * line numbers instead of a half-valid result.
 */
export function importPlan(raw: string, overlay: Overlay = {}): ImportResult {
  const problems: ImportProblem[] = [];
  const { paras, lines } = paragraphs(raw);
  const flatAll = ascii(lines.join('\n'));

  // --- document facts, from the notice and the page's information table
  const notice = paras.find((p) => /关于印发.+的通知$/.test(p.text.replace(/\s/g, '')));
  const noticeText = notice?.text.replace(/\s/g, '') ?? '';
  const nm = /^(.+?)关于印发《?(.+?)》?的通知$/.exec(noticeText);
  let title = nm?.[2] ?? '';
  const issuer = nm?.[1] ?? '';
  if (!title) {
    const t = paras.find((p) => /(?:行动计划|实施方案|工作方案|行动方案)$/.test(p.text.replace(/\s/g, '')));
    title = t?.text.replace(/\s/g, '') ?? '';
  }
  if (!title)
    problems.push({
      line: 1,
      message: '没有找到方案标题（“…关于印发…的通知”一行，或以“行动计划”“方案”结尾的一行）',
    });
  const labelled = /文号[:：\s]*([\u4e00-\u9fa5]{1,8}〔\d{4}〕\d+号)/.exec(flatAll);
  const docNumber =
    labelled?.[1] ?? /(?:^|\n)\s*([\u4e00-\u9fa5]{1,8}〔\d{4}〕\d+号)\s*(?:\n|$)/.exec(flatAll)?.[1] ?? '';
  const dateLine = paras.find((p) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(ascii(p.text).replace(/\s/g, '')));
  const dm = dateLine
    ? /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(ascii(dateLine.text).replace(/\s/g, ''))
    : null;
  const published = /(?:发布时间|发布日期|时间)[:：\s]*(\d{4})-(\d{1,2})-(\d{1,2})/.exec(flatAll);
  const indexNumber = /信息索引号[:：\s]*([0-9A-Za-z/-]+)/.exec(flatAll)?.[1] ?? '';
  const recipients = paras.find((p) =>
    /(?:人民政府|各有关单位|各部门)[,，、].*[:：]$|各有关单位[:：]$/.test(p.text),
  );
  const publicity =
    paras.find((p) => /^[（(]此件.+[）)]$/.test(p.text))?.text.replace(/^[（(]|[）)]$/g, '') ?? '';

  // --- the plan body
  const bodyStart = paras.findIndex((p) => SECTION.test(p.text));
  if (bodyStart < 0) {
    problems.push({ line: 1, message: '没有找到编号的章节（一、…）' });
    return { ok: false, problems };
  }
  const preamblePara = [...paras.slice(0, bodyStart)]
    .reverse()
    .find((p) => /^为/.test(p.text) || p.text.length > 60);
  const preamble = preamblePara?.text ?? '';
  const basis = [...preamble.matchAll(/《([^》]+)》[（(]([^）)]*〔\d{4}〕\d+号)[）)]/g)].map((m) => {
    const before = preamble.slice(0, m.index);
    const roles = [...before.matchAll(/贯彻落实|根据|按照|依据|落实/g)];
    return { title: m[1] ?? '', docNumber: m[2] ?? '', role: roles[roles.length - 1]?.[0] ?? '根据' };
  });

  type Kind = 'ideology' | 'principles' | 'goals' | 'tasks' | 'safeguards' | 'other';
  const kindOf = (t: string): Kind =>
    /指导思想|总体要求/.test(t)
      ? 'ideology'
      : /原则/.test(t)
        ? 'principles'
        : /目标/.test(t)
          ? 'goals'
          : /任务|重点工作|主要措施|工作内容/.test(t)
            ? 'tasks'
            : /保障|措施|要求/.test(t)
              ? 'safeguards'
              : 'other';
  let kind: Kind = 'other';
  const ideology: string[] = [];
  const principles: Knowledge['principles'] = [];
  const goals: string[] = [];
  const groups: Knowledge['groups'] = [];
  const tasks: (Knowledge['tasks'][number] & { line: number })[] = [];
  const safeguards: (Knowledge['safeguards'][number] & { line: number })[] = [];
  for (const p of paras.slice(bodyStart)) {
    const sec = SECTION.exec(p.text);
    if (sec && p.text.length < 40) {
      kind = kindOf(sec[2] ?? '');
      continue;
    }
    const item = ITEM.exec(p.text);
    const task = TASK.exec(p.text);
    if (kind === 'ideology') ideology.push(p.text);
    else if (kind === 'goals') goals.push(p.text);
    else if (kind === 'principles' && item) {
      const body = item[2] ?? '';
      principles.push({ no: principles.length + 1, title: body.split('。')[0] ?? body, text: body });
    } else if (kind === 'tasks' && item && !task && !unitsOf(p.text) && (item[2] ?? '').length < 40) {
      groups.push({
        no: cnNum(item[1] ?? ''),
        numeral: item[1] ?? '',
        title: (item[2] ?? '').trim(),
        tasks: [],
      });
    } else if (kind === 'tasks' && task) {
      const no = Number(ascii(task[1] ?? ''));
      const u = unitsOf(task[2] ?? '');
      if (!u)
        problems.push({
          line: p.line,
          message: `任务${no}没有（责任单位：…）或（牵头单位：…）条款`,
        });
      if (u && u.units.length === 0) problems.push({ line: p.line, message: `任务${no}没有列出责任单位` });
      const body = u ? u.body : (task[2] ?? '').trim();
      if (groups.length === 0) groups.push({ no: 1, numeral: '一', title: '重点任务', tasks: [] });
      const group = groups[groups.length - 1] as Knowledge['groups'][number];
      group.tasks.push(no);
      tasks.push({
        ...clauseFields(p.line, no, `Task ${no}`, body, u),
        group: group.no,
        deadline: { date: '', text: '', source: 'goals', quote: '' },
      });
    } else if (kind === 'safeguards' && item) {
      const u = unitsOf(item[2] ?? '');
      const body = u ? u.body : (item[2] ?? '').trim();
      const no = safeguards.length + 1;
      safeguards.push(clauseFields(p.line, no, `Safeguard ${no}`, body, u));
    }
  }

  // --- numbering
  const seen = new Map<number, number>();
  for (const t of tasks) {
    const first = seen.get(t.no);
    if (first !== undefined)
      problems.push({ line: t.line, message: `任务编号${t.no}出现了两次（第一次在第${first}行）` });
    else seen.set(t.no, t.line);
  }
  tasks.forEach((t, i) => {
    if (t.no !== i + 1 && !problems.some((p) => p.line === t.line)) {
      problems.push({
        line: t.line,
        message: `任务编号不连续或顺序不对：应为${i + 1}，实际是${t.no}`,
      });
    }
  });
  if (tasks.length === 0)
    problems.push({ line: paras[bodyStart]?.line ?? 1, message: '没有找到编号的任务（1. …）' });
  if (problems.length) return { ok: false, problems };

  // --- deadlines and figures
  const goalsText = goals.join('');
  const gd = DEADLINE.exec(ascii(goalsText));
  const goalDeadline = gd ? { date: `${gd[1]}-12-31`, text: `${gd[1]}年${gd[2] ? '底' : ''}` } : null;
  for (const t of tasks) {
    const own = DEADLINE.exec(ascii(t.text));
    if (own) {
      const at = ascii(t.text).indexOf(own[0]);
      t.deadline = {
        date: `${own[1]}-12-31`,
        text: `${own[1]}年${own[2] ? '底' : ''}`,
        source: 'explicit',
        quote: sentenceAt(t.text, at),
      };
    } else if (goalDeadline) {
      t.deadline = { ...goalDeadline, source: 'goals', quote: `到${goalDeadline.text}` };
    } else {
      t.deadline = { date: null, text: '方案未明确', source: 'none', quote: '' };
    }
    t.targets = findTargets(t.text);
  }
  for (const s of safeguards) s.targets = findTargets(s.text);

  // --- units: in order of first appearance, with derived aliases, plus the overlay
  const names: string[] = [];
  for (const x of [...tasks, ...safeguards]) for (const u of x.units) if (!names.includes(u)) names.push(u);
  const allText = [...tasks, ...safeguards].map((x) => x.text).join('\n');
  const common = (w: string) => allText.split(w).length - 1 >= 3;
  const units = names.map((name) => {
    const extra = overlay.units?.[name];
    const aliases = [...deriveAliases(name, common)];
    for (const a of extra?.aliases ?? []) if (!aliases.includes(a)) aliases.push(a);
    return { name, aliases, en: extra?.en ?? name, enAliases: extra?.enAliases ?? [] };
  });
  const apply = (
    x: (typeof tasks)[number] | (typeof safeguards)[number],
    o: NonNullable<Overlay['tasks']>[string] | undefined,
  ) => {
    if (!o) return;
    if (o.titleEn) x.titleEn = o.titleEn;
    if (o.keywords) x.keywords = o.keywords;
    if (o.keywordsEn) x.keywordsEn = o.keywordsEn;
    for (const [i, t] of Object.entries(o.targets ?? {})) {
      const target = x.targets[Number(i)];
      if (target) target.what = t.what;
    }
  };
  for (const t of tasks) apply(t, overlay.tasks?.[String(t.no)]);
  for (const s of safeguards) apply(s, overlay.safeguards?.[String(s.no)]);

  const knowledge = {
    $schemaVersion: 1 as const,
    document: {
      title,
      noticeTitle: noticeText || title,
      docNumber,
      issuer,
      issuedOn: dm ? iso(dm[1] as string, dm[2] as string, dm[3] as string) : null,
      issuedOnText: dm ? `${dm[1]}年${Number(dm[2])}月${Number(dm[3])}日` : '',
      publishedOn: published
        ? iso(published[1] as string, published[2] as string, published[3] as string)
        : null,
      indexNumber,
      recipients: recipients?.text.replace(/[:：]$/, '') ?? '',
      publicity,
      basis,
      leadRule: 'first-listed' as const,
    },
    preamble,
    guidingIdeology: ideology.join(''),
    principles,
    goals: { text: goalsText, deadline: goalDeadline },
    groups: groups.filter((g) => g.tasks.length),
    tasks: tasks.map(({ line: _l, ...t }) => t),
    safeguards: safeguards.map(({ line: _l, ...s }) => s),
    units,
    synonyms: overlay.synonyms ?? {},
  };
  const checked = knowledgeSchema.safeParse(knowledge);
  if (!checked.success) {
    return {
      ok: false,
      problems: checked.error.issues.map((i) => {
        const [list, index] = i.path;
        const lineOf =
          list === 'tasks'
            ? tasks[Number(index)]?.line
            : list === 'safeguards'
              ? safeguards[Number(index)]?.line
              : undefined;
        return { line: lineOf ?? 1, message: `${i.path.join('.')}：${i.message}` };
      }),
    };
  }
  return { ok: true, knowledge: checked.data };
}
