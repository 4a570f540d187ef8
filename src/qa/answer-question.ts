import type { Knowledge, Safeguard, Task } from '../knowledge/schema.js';
import { type Lexicon, lexiconFor } from '../language/lexicon.js';
import {
  applySynonyms,
  MAX_QUESTION_CHARS,
  normalizeText,
  standardizeQuestionWords,
} from '../language/normalize.js';
import type { Span } from '../language/spans.js';
import { toSimplified } from '../language/to-simplified.js';
import { tokenize } from '../language/tokenize.js';
import type { Answer } from './answer.js';
import { classifyQuestion, type QuestionKind, topicOf } from './classify-question.js';
import { completeFollowUp, type Turn, turnAfter } from './complete-follow-up.js';
import { findOtherPlace } from './find-other-place.js';
import { findRefs, type Refs } from './find-refs.js';
import { UnitFinder } from './find-units.js';
import { answerMeta } from './meta-answers.js';
import { parseQuery } from './parse-query.js';
import { asksForFigure, bySubject, fitsMeasure, pickFigures } from './pick-figures.js';
import { groupRangeProblem, taskRangeProblem } from './query-range.js';
import { resolveRelativePositions } from './relative-positions.js';
import { cnOrdinal, Renderer } from './render-answer.js';
import { renderQuery } from './render-query.js';
import { resolveUnit } from './resolve-unit.js';
import { runQuery } from './run-query.js';
import { type Scored, TopicIndex, termsOf } from './topic-index.js';

/**
 * Gate on topic scores: answer above HIGH with a MARGIN over the next clause (or above CLEAR with a WIDE MARGIN when
 * the topic hits the clause's title or keywords), suggest above LOW, else refuse.
 */
export const GATE = { high: 0.55, low: 0.3, margin: 0.08, clear: 0.45, wideMargin: 0.2 };

// Words that name a kind of answer rather than a thing the plan would have to mention (什么时候, 哪些单位).
const GENERIC_OBJECTS =
  /^(?:单位|部门|任务|时候|时间|内容|要求|措施|意思|作用|方面|问题|情况|事情|工作|地方|样子|职责|文件|目标|原则|机制|标准|政策|时限|期限|日期|比例|指标|办法|方式|方法|区别|关系|意义|条款|规定|名字|名称|东西|人员|机构|机关|项目|重点|部分|活动|分工|角色|条件|程度|级别|层面|年份|数字|数量|结果|进展|进度|单位|局|单)/;

// "一共要建多少门": the figures asked for are to be added up
const TOTAL = /一共|总共|合计|共计|加起来|总计/;

// "X和Y分别是多少": two figure questions in one
const TWO_FIGURES = /^(.{2,30}?)(?:和|与|以及|及|跟|,)(.{2,30}?)(分别|各自?)(.{0,12})$/;

const EXAMPLES = [
  '任务14谁负责',
  '产教融合由哪个部门牵头',
  '县财政局负责哪些任务',
  '双师型教师比例要达到多少',
];

/** Answers questions about one plan from its knowledge base; right, or says the plan does not cover it. */
export class QuestionAnswerer {
  private readonly units: UnitFinder;
  private readonly index: TopicIndex;
  private readonly zh: Renderer;

  private readonly planText: string;

  constructor(readonly kb: Knowledge) {
    // every word a question may fairly use about this plan: its text, its document facts and its structure
    this.planText = [
      '文号 文件 印发 发布 通知 依据 指导思想 基本原则 发展目标 重点任务 保障机制 责任单位 牵头单位 配合单位 成文日期 索引号 发文机关 全称 标题 上级',
      kb.document.title,
      kb.document.noticeTitle,
      kb.document.issuer,
      kb.document.recipients,
      ...kb.document.basis.map((b) => b.title),
      ...kb.groups.map((g) => g.title),
      kb.preamble,
      kb.guidingIdeology,
      kb.goals.text,
      ...kb.principles.map((p) => p.text),
      ...kb.tasks.map((t) => `${t.text}${t.unitsClause}`),
      ...kb.safeguards.map((s) => `${s.text}${s.unitsClause}`),
    ].join('\n');
    this.units = new UnitFinder(kb);
    this.index = new TopicIndex(kb);
    this.zh = new Renderer(kb);
    this.lexicon = lexiconFor(kb);
  }

  private readonly lexicon: Lexicon;

  /**
   * A combined question (negation, except, both, or, only, counts, superlatives, comparisons, groups, roles) as one
   * typed query, executed and rendered; undefined when the question is a simple one for the answerer below.
   */
  private composed(text: string): Answer | string {
    const tokens = tokenize(text, this.lexicon, { simplified: true });
    const parsed = parseQuery(tokens, this.kb, this.lexicon);
    if (parsed.kind === 'simple') {
      // a unit typed with homophones (县人设局) is read under its own name by the simple answerer too
      let fixed = tokens.norm;
      const spans = tokens.spans;
      for (let k = spans.length - 1; k >= 0; k--) {
        const s = spans[k] as Span;
        if (s.kind === 'unit' && s.fuzzy) fixed = `${fixed.slice(0, s.at)}${s.name}${fixed.slice(s.end)}`;
        // "任务11(不是任务1)": the task ruled out is not part of the question
        const prev = spans[k - 1];
        if (s.kind === 'task' && prev?.kind === 'op' && prev.op === 'not' && prev.text === '不是') {
          fixed = `${fixed.slice(0, prev.at)}${fixed.slice(s.end)}`;
          k--;
        }
      }
      return fixed;
    }
    if (parsed.kind === 'refuse') {
      const suggestions = parsed.suggest
        ? resolveUnit(this.kb, parsed.suggest).suggestions.map((n) => `${n}负责哪些任务`)
        : [];
      return this.zh.notCovered(parsed.message, suggestions);
    }
    if (parsed.kind === 'unclear') {
      return this.zh.notCovered(
        `这个问题我没有完全理解${parsed.why && !/^(?:structure|schema)$/.test(parsed.why) ? `（“${parsed.why}”）` : ''}，为了不答错，请换个说法或拆成两个问题，例如：哪些任务县人社局没有参与、任务3和任务16共同的责任单位、哪个单位牵头的任务最多。`,
      );
    }
    const badGroup = groupRangeProblem(this.kb, parsed.query);
    if (badGroup.length) {
      return this.zh.notCovered(
        `本方案的重点任务共分${this.kb.groups.length}个部分（组），没有第${badGroup.map(cnOrdinal).join('、')}部分。`,
      );
    }
    const bad = taskRangeProblem(this.kb, parsed.query);
    if (bad.length) {
      return this.zh.notCovered(
        `本方案共${this.kb.tasks.length}项重点任务（任务1—${this.kb.tasks.length}），没有任务${bad.join('、')}。`,
      );
    }
    return renderQuery(this.kb, this.zh, parsed.query, runQuery(this.kb, parsed.query));
  }

  /** The help message: what can be asked, with examples. */
  help(): Answer {
    return this.zh.fact(
      `我是《${this.kb.document.title}》（${this.kb.document.docNumber}）的问答助手。可以这样问我：`,
      [
        '• 某项任务谁负责 / 谁牵头：任务14谁负责、第十四项的牵头单位、who is responsible for task 14',
        '• 某个主题归哪项任务：产教融合由哪个部门牵头、现代学徒制谁负责',
        '• 某单位负责哪些任务：县财政局负责哪些任务、人社局牵头哪些任务',
        '• 目标和时限：双师型教师比例要达到多少、任务9什么时候完成',
        '• 文件信息：文号、印发日期、依据文件、基本原则、发展目标、保障机制、一共几项任务',
      ],
      '〔回答均引自方案原文，并注明任务编号〕',
    );
  }

  /**
   * Answers one message of a conversation: an elliptical follow-up ("那16呢", "其中牵头的是谁", "第二个是什么") is
   * completed from the previous turn first, and the answer says how it was read. Returns the turn to remember.
   */
  converse(raw: string, prev?: Turn): { answer: Answer; turn?: Turn } {
    // "2" after "您是不是想问：1. … 2. …" picks the second suggestion
    const pick = /^\s*(?:第\s*)?([1-9])\s*(?:个|条|项)?\s*[.。]?\s*$/.exec(normalizeText(raw))?.[1];
    const chosen = pick && prev?.choices ? prev.choices[Number(pick) - 1] : undefined;
    if (chosen) {
      const r = this.converse(chosen, { ...prev, choices: [] } as Turn);
      return { ...r, answer: { ...r.answer, text: `${r.answer.text}\n我理解的问题：${chosen}` } };
    }
    const completed =
      raw.length <= MAX_QUESTION_CHARS ? completeFollowUp(raw, prev, this.lexicon, this.kb) : undefined;
    let answer = completed ? this.answer(completed) : this.answer(raw);
    let asked = completed ?? raw;
    // a completed follow-up the plan cannot answer (那第五条呢 → 保障机制第5条) is refused as such, unless the message
    // also reads on its own
    if (completed && !answer.found && !/^那|呢[?]?$/.test(normalizeText(raw))) {
      const plain = this.answer(raw);
      if (plain.found) {
        answer = plain;
        asked = raw;
      }
    } else if (completed && !answer.text.includes('我理解的问题')) {
      answer = { ...answer, text: `${answer.text}\n我理解的问题：${completed}` };
    }
    // a refusal keeps the conversation, and remembers its numbered suggestions for a reply of "1" or "2"
    const choices = answer.card?.suggestions ?? [];
    if (!answer.found) {
      if (choices.length)
        return { answer, turn: { ...(prev ?? { question: '', tasks: [], safeguards: false }), choices } };
      return prev ? { answer, turn: prev } : { answer };
    }
    return { answer, turn: turnAfter(normalizeText(toSimplified(asked)), answer.tasks, this.lexicon, prev) };
  }

  /** Answers one question on its own. Never throws on any input. */
  answer(input: string): Answer {
    if (input.length > MAX_QUESTION_CHARS * 4) return this.tooLong(input.length);
    const raw = toSimplified(input);
    // "@方案助手 任务14谁负责" typed or pasted with the mention still in it
    const plain = normalizeText(raw)
      .replace(/(?:^|\s)@[^\s@]{1,16}(?=\s)/g, ' ')
      .trim();
    const plainText = resolveRelativePositions(standardizeQuestionWords(plain), this.kb);
    if (!/[\p{L}\p{N}]/u.test(plainText)) {
      return this.zh.notCovered(
        `请输入您想了解的问题，例如：${EXAMPLES.slice(0, 2).join('、')}。发送“帮助”查看更多用法。`,
      );
    }
    if (plainText.length > MAX_QUESTION_CHARS) return this.tooLong(plainText.length);
    if (
      /^(?:帮助|help|\?|？|菜单|使用说明|怎么用|你能做什么|你会什么|能问什么|\/help|\/start|hi|hello|你好|您好|在吗)$/.test(
        plainText,
      )
    ) {
      return this.help();
    }
    // questions the plan cannot answer by their form (why, who is the director, has it been done) come first
    const form = classifyQuestion(plainText);
    const refusedByForm =
      form.namedEntities ||
      form.person ||
      form.outcome ||
      ((form.reasonOrDefinition || form.history) &&
        !((form.who || form.lead) && findRefs(plainText)?.kind === 'task'));
    // 你觉得县人社局落实得好不好: the plan sets tasks; it judges nobody
    if (this.lexicon.opinion.some((w) => plainText.includes(w))) {
      return this.zh.notCovered(
        '方案只规定了任务、责任单位和目标，不评价各单位的工作，也不对落实情况下结论。各单位的进展可以问“任务N进展如何”（根据每周汇报）。',
      );
    }
    const composed = refusedByForm ? plainText : this.composed(plainText);
    if (typeof composed !== 'string') return composed;
    const parts = refusedByForm ? undefined : this.twoQuestions(plainText);
    if (parts) return parts;
    const text = composed;
    const kind = text === plainText ? form : classifyQuestion(text);
    const r = this.zh.withEnglish(kind.english);
    if (kind.namedEntities) {
      return r.notCovered('方案中没有具体的企业、学校或人员名单，只规定了任务和责任单位。');
    }
    if (kind.person) {
      return r.notCovered('方案中没有人员姓名、职务或联系方式，只列出了各项任务的责任单位。');
    }
    // "你为什么不先告诉我第4项的责任单位" still asks who is responsible for task 4
    const asksWhoOfTask = (kind.who || kind.lead) && findRefs(text)?.kind === 'task';
    if (kind.history && !asksWhoOfTask)
      return r.notCovered('方案从2021年起部署工作，没有讲过去的情况或事情的由来。');
    if (kind.reasonOrDefinition && !asksWhoOfTask) {
      return r.notCovered('方案只规定了任务、责任单位和目标，没有说明理由，也没有解释名词的含义或认定办法。');
    }
    if (kind.outcome) {
      return r.notCovered(
        '方案规定的是任务和目标，没有完成情况。各单位的进展可以问“任务N进展如何”（根据每周汇报）。',
      );
    }
    const beyond = this.beyondPlan(text);
    if (beyond) return r.notCovered(beyond);
    const object = asksWhoOfTask ? undefined : this.unknownObject(text);
    if (object) return r.notCovered(`方案中没有关于“${object}”的规定。`);
    const place = findOtherPlace(text, this.kb);
    if (place) return this.aboutOtherPlace(place, text, kind, r);
    const refs = findRefs(text);
    if (refs) return this.byRefs(refs, kind, r);
    const two = kind.target ? this.twoFigures(text) : undefined;
    if (two) return two;

    const unitMatch = this.units.find(text);
    const strong = unitMatch.units.filter((u) => !u.weak);
    const asksUnitTasks = kind.unitTasksStrong || (kind.unitTasks && !kind.who);
    const named = strong.length ? strong : asksUnitTasks ? unitMatch.units : [];
    // "人社局是不是也要管职业培训", "县发改局牵头产教融合吗": one unit and a topic → its role in that task
    if (strong.length === 1 && !kind.unitTasksStrong && !asksForFigure(text)) {
      const role = this.unitRoleByTopic(strong[0]?.name as string, unitMatch.rest, r);
      if (role) return role;
    }
    if (named.length && (asksUnitTasks || kind.lead || topicOf(unitMatch.rest) === '')) {
      return this.byUnits(
        named.map((u) => u.name),
        kind,
        r,
      );
    }
    if (unitMatch.unknown && asksUnitTasks) {
      // never guess: 县民政局 is one character from 县财政局 and a real bureau; suggest instead
      const { suggestions } = resolveUnit(this.kb, unitMatch.unknown);
      return r.notCovered(
        `方案中没有“${unitMatch.unknown}”，它不是任何任务的责任单位。`,
        suggestions.map((n) => `${n}负责哪些任务`),
      );
    }
    const group = this.groupByTitle(text, r);
    if (group) return group;
    const meta = answerMeta(text, this.kb, r);
    if (meta) return meta;
    return this.byTopic(text, kind, r);
  }

  /**
   * Two questions in one message, a figure or count first ("任务17要加入多少个职业教育集团，牵头单位是谁", "方案一共有几项
   * 重点任务、几条保障机制"): each answered, the second as a follow-up of the first; both or neither.
   */
  private twoQuestions(text: string): Answer | undefined {
    const parts = text
      .split(/[,?]/)
      .map((p) => p.trim())
      .filter(Boolean);
    if (parts.length !== 2) return undefined;
    const spans = parts.map((p) => tokenize(p, this.lexicon, { simplified: true }).spans);
    const [a, b] = spans as [Span[], Span[]];
    // a real count or figure (哪几种 asks "which", not "how many")
    const countsOrFigure = a.some(
      (x, i) =>
        (x.kind === 'op' && x.op === 'count' && !/哪$/.test(a[i - 1]?.text ?? '')) ||
        (x.kind === 'field' && x.field === 'target'),
    );
    const named = a.some((x) => ['task', 'unit', 'safeguard', 'group', 'field'].includes(x.kind));
    const asks = b.some((x) => x.kind === 'q' || x.kind === 'role' || (x.kind === 'op' && x.op === 'count'));
    if (!countsOrFigure || !asks || !named) return undefined;
    const first = this.converse(parts[0] as string);
    const second = this.converse(parts[1] as string, first.turn);
    if (!first.answer.found || !second.answer.found) return undefined;
    return this.zh.several([first.answer, second.answer], '分别回答两个问题：');
  }

  /** "双师型教师比例和实习岗位比例分别是多少": each part answered on its own, both or neither. */
  private twoFigures(text: string): Answer | undefined {
    const m = TWO_FIGURES.exec(text);
    if (!m) return undefined;
    const tail = m[4] ?? '';
    const parts = [`${m[1]}${tail}`, `${m[2]}${tail}`].map((q) => this.answer(q));
    if (parts.some((p) => !p.found) || new Set(parts.map((p) => p.tasks.join())).size < 2) return undefined;
    return this.zh.several(parts, `分别回答${parts.length}个问题：`);
  }

  private tooLong(n: number): Answer {
    return this.zh.notCovered(
      `消息太长（${n}字）。请把问题缩短到${MAX_QUESTION_CHARS}字以内，一次问一件事。`,
    );
  }

  private byRefs(refs: Refs, kind: QuestionKind, r: Renderer): Answer {
    if (refs.kind === 'safeguard') {
      const list = refs.numbers.map((n) => this.kb.safeguards[n - 1]);
      if (list.some((s) => !s)) {
        return r.notCovered(
          `本方案共${this.kb.safeguards.length}项保障机制，没有第${refs.numbers.join('、')}项。`,
        );
      }
      return this.joinAll(
        list as Safeguard[],
        (s) => r.safeguard(s, kind.lead ? 'lead' : kind.what ? 'what' : 'all'),
        r,
      );
    }
    if (refs.kind === 'principle') {
      const p = this.kb.principles[(refs.numbers[0] ?? 0) - 1];
      if (!p) return r.notCovered(`本方案共${this.kb.principles.length}项基本原则。`);
      return r.fact(`基本原则（${cnOrdinal(p.no)}）：${p.title}`, [p.text], '〔出处：二、基本原则〕');
    }
    if (refs.kind === 'groupTask') {
      const [gNo = 0, pos = 0] = refs.numbers;
      const g = this.kb.groups[gNo - 1];
      const taskNo = g?.tasks[pos - 1];
      if (!g) return r.notCovered(`本方案的重点任务共分${this.kb.groups.length}组。`);
      if (taskNo === undefined)
        return r.notCovered(`重点任务第${cnOrdinal(g.no)}组「${g.title}」只有${g.tasks.length}项任务。`);
      return this.byRefs({ kind: 'task', numbers: [taskNo], rest: refs.rest }, kind, r);
    }
    if (refs.kind === 'group') {
      const g = this.kb.groups[(refs.numbers[0] ?? 0) - 1];
      if (!g) return r.notCovered(`本方案的重点任务共分${this.kb.groups.length}组。`);
      return this.group(g, r);
    }
    const bad = refs.numbers.filter((n) => n < 1 || n > this.kb.tasks.length);
    if (bad.length) {
      return r.notCovered(
        `本方案共${this.kb.tasks.length}项重点任务（任务1—${this.kb.tasks.length}），没有任务${bad.join('、')}。`,
        [`一共有哪些任务`],
      );
    }
    const tasks = refs.numbers.map((n) => this.kb.tasks[n - 1] as Task);
    const unitMatch = this.units.find(refs.rest);
    const unit = unitMatch.units.find((u) => !u.weak) ?? (kind.who ? undefined : unitMatch.units[0]);
    return this.joinAll(
      tasks,
      (t) => {
        if (unit && !kind.what && !(kind.target && asksForFigure(refs.rest))) return r.unitRole(unit.name, t);
        if (kind.exactDay)
          return r.notCovered(`方案没有规定任务${t.no}的具体日期，只规定了完成时限：${t.deadline.text}。`);
        if (kind.lead) return r.taskUnits(t, 'lead');
        if (kind.cooperating) return r.taskUnits(t, 'coop');
        if (kind.who) return r.taskUnits(t, 'all');
        if (kind.deadline) return r.taskDeadline(t);
        if (kind.target) {
          // "任务9的目标是多少" asks for all its figures; "任务3的专项投入是多少钱" for one the plan may not have
          const topic = topicOf(refs.rest);
          const isCommon = (x: string) => this.index.isCommon(x);
          const figures = topic
            ? pickFigures(t.targets, topic, refs.rest, isCommon)
            : bySubject(t.targets, topic, false, isCommon);
          if (figures.length) return r.targets(t, 'task', figures, TOTAL.test(refs.rest));
          if (asksForFigure(refs.rest)) return r.noFigure(t, 'task', topic || `任务${t.no}`);
        }
        return r.taskSummary(t);
      },
      r,
    );
  }

  /** The plan covers its own county; another place is known only through the documents the plan implements. */
  private aboutOtherPlace(place: string, text: string, kind: QuestionKind, r: Renderer): Answer {
    const cited = this.kb.document.basis.filter((b) => b.title.includes(place));
    if (
      cited.length &&
      !kind.who &&
      !kind.lead &&
      /文号|文件|名称|标题|叫什么|依据|根据|几号文|发文号/.test(text)
    ) {
      return r.fact(
        `本方案依据的${place}文件：`,
        cited.map((b) => `《${b.title}》（${b.docNumber}）`),
        `〔出处：方案开头：“${this.kb.preamble.slice(0, 40)}……”〕`,
      );
    }
    return r.notCovered(`本方案是${this.kb.document.title}，方案中没有关于${place}的内容。`);
  }

  /** True when the clause has a figure on the topic in the measure the question asks for. */
  private figureFits(s: Scored, topic: string, text: string): boolean {
    const x =
      s.doc.kind === 'task'
        ? this.kb.tasks[s.doc.no - 1]
        : s.doc.kind === 'safeguard'
          ? this.kb.safeguards[s.doc.no - 1]
          : undefined;
    if (!x) return false;
    return pickFigures(x.targets, topic, text, (t) => this.index.isCommon(t)).some((t) =>
      fitsMeasure(t, text),
    );
  }

  /** The thing a question asks for ("会受到什么处罚" → 处罚) when the plan never mentions it. */
  private unknownObject(text: string): string | undefined {
    // rules of detail the plan leaves to the units (打分细则, 评分标准)
    const detail = text.match(/细则|评分标准|打分|评分办法/g)?.find((w) => !this.planText.includes(w));
    if (detail) return detail;
    const asked = /(?:什么样的?|什么|哪些|哪种|何种|哪类)([\u4e00-\u9fa5]{2})/.exec(text)?.[1];
    if (!asked || GENERIC_OBJECTS.test(asked) || /的$|^[讲说指做干搞叫是有不]/.test(asked)) return undefined;
    return this.planText.includes(asked) ? undefined : asked;
  }

  /** A refusal when the question asks about years after the plan's last deadline ("2023年以后"). */
  private beyondPlan(text: string): string | undefined {
    if (
      /下一轮|下一期|新一轮|下一个(?:行动)?(?:计划|方案)|下个(?:计划|方案)|下阶段|下一步(?:计划|打算)|十四五|十五五/.test(
        text,
      )
    ) {
      return '方案中没有下一轮计划或之后阶段的安排。';
    }
    const dates = [this.kb.goals.deadline?.date, ...this.kb.tasks.map((t) => t.deadline.date)].filter(
      Boolean,
    );
    const last = Math.max(...dates.map((d) => Number(String(d).slice(0, 4))));
    if (!Number.isFinite(last)) return undefined;
    for (const m of text.matchAll(/(20\d{2})\s*年/g)) {
      const y = Number(m[1]);
      if (y > last || (y === last && /以后|之后|往后|后续|以来/.test(text))) {
        return `方案的安排截至${last}年底，没有${y > last ? `${y}年` : `${last}年以后`}的内容。`;
      }
    }
    return undefined;
  }

  /** The tasks of one group. */
  private group(g: Knowledge['groups'][number], r: Renderer): Answer {
    return r.fact(
      `重点任务第${cnOrdinal(g.no)}组「${g.title}」包括${g.tasks.length}项任务：`,
      g.tasks.map((n) => `  ${n}. ${this.kb.tasks[n - 1]?.title ?? ''}`),
      `〔出处：四、重点任务（${cnOrdinal(g.no)}）〕`,
      g.tasks,
    );
  }

  /** A group named by (most of) its title, when the question asks what it contains. */
  private groupByTitle(text: string, r: Renderer): Answer | undefined {
    if (!/部分|板块|一块|这块|组|方面|大类|包括|包含|有哪些任务|哪几项|哪些任务|section|group/.test(text))
      return undefined;
    const q = new Set(termsOf(text));
    let best: { g: Knowledge['groups'][number]; share: number } | undefined;
    for (const g of this.kb.groups) {
      const terms = termsOf(normalizeText(g.title)).filter((t) => !this.index.isCommon(t));
      const share = terms.length ? terms.filter((t) => q.has(t)).length / terms.length : 0;
      if (share >= 0.6 && (!best || share > best.share)) best = { g, share };
    }
    return best && this.group(best.g, r);
  }

  private joinAll<T>(items: T[], one: (x: T) => Answer, r: Renderer): Answer {
    const parts = items.map(one);
    return parts.length === 1 ? (parts[0] as Answer) : r.several(parts, `共${parts.length}项：`);
  }

  private byUnits(names: string[], kind: QuestionKind, r: Renderer): Answer {
    const involved = (units: string[]) =>
      kind.lead ? units[0] === names[0] : names.every((n) => units.includes(n));
    const tasks = this.kb.tasks.filter((t) => involved(t.units));
    const safeguards = this.kb.safeguards.filter((s) => involved(s.units));
    if (names.length > 1 && !kind.lead) {
      const ans = r.unitTasks(names.join('和'), tasks, safeguards, false);
      return { ...ans, text: ans.text.replace(/（其中牵头\d+项）/, '').replace(/（(?:牵头|配合)）/g, '') };
    }
    return r.unitTasks(names[0] as string, tasks, safeguards, kind.lead);
  }

  /** The unit's role in the one task a topic clearly points to; undefined when the topic is empty or unclear. */
  private unitRoleByTopic(unit: string, rest: string, r: Renderer): Answer | undefined {
    const topic = topicOf(applySynonyms(rest, this.kb.synonyms));
    if (!topic) return undefined;
    const [best, second] = this.index.search(topic, GATE.high);
    if (!best || best.doc.kind !== 'task' || best.score < GATE.high) return undefined;
    if (second && best.score - second.score < GATE.margin) return undefined;
    return r.unitRole(unit, this.kb.tasks[best.doc.no - 1] as Task);
  }

  private byTopic(text: string, kind: QuestionKind, r: Renderer): Answer {
    const topic = topicOf(applySynonyms(this.units.find(text).rest, this.kb.synonyms));
    if (!topic) {
      return r.notCovered(`请告诉我是哪项任务或哪个主题，例如：${EXAMPLES.slice(0, 2).join('、')}。`);
    }
    // the goals name no units: who and lead questions are about tasks and safeguards only
    const ranked = this.index
      .search(topic, GATE.high)
      .filter((s) => s.doc.kind !== 'goals' || !(kind.who || kind.lead || kind.cooperating));
    const best = ranked[0];
    const label = (s: Scored) =>
      s.doc.kind === 'task'
        ? `任务${s.doc.no}「${s.doc.title}」`
        : s.doc.kind === 'goals'
          ? '发展目标'
          : `保障机制（${cnOrdinal(s.doc.no)}）「${s.doc.title}」`;
    if (!best || best.score < GATE.low) {
      return r.notCovered(`方案中没有关于“${topic}”的内容。发送“帮助”查看可以问的问题。`);
    }
    const close = ranked.filter((s) => s.score >= GATE.high && best.score - s.score < GATE.margin);
    // a lower score still answers when the topic hits the clause's title or keywords and nothing else comes close
    // for figures only when a figure of that clause fits the measure asked for: a partial match would otherwise
    // quote a number about something else (双师型教师每月补贴多少 is not the 60% share)
    const clearWinner =
      (!asksForFigure(text) || this.figureFits(best, topic, text)) &&
      best.headHit &&
      best.score >= GATE.clear &&
      best.score - (ranked[1]?.score ?? 0) >= GATE.wideMargin;
    if (best.score < GATE.high && !clearWinner) {
      return r.notCovered(
        `方案中没有与“${topic}”直接对应的条款。`,
        ranked
          .filter((s) => s.score >= GATE.low)
          .slice(0, 3)
          .map(label),
      );
    }
    if (close.length > 1) {
      return r.several(
        close.slice(0, 3).map((s) => this.aboutDoc(s, kind, topic, text, r)),
        `“${topic}”涉及以下${Math.min(3, close.length)}项条款：`,
      );
    }
    return this.aboutDoc(best, kind, topic, text, r);
  }

  private aboutDoc(s: Scored, kind: QuestionKind, topic: string, text: string, r: Renderer): Answer {
    if (kind.exactDay && !kind.who && !kind.lead) {
      return r.notCovered(
        `方案中没有规定“${topic}”的具体日期。${this.kb.goals.deadline ? `各项任务的完成时限是${this.kb.goals.deadline.text}。` : ''}`,
      );
    }
    const numeric = asksForFigure(text);
    if (s.doc.kind === 'goals') {
      const d = this.kb.goals.deadline;
      return r.fact(
        `三、发展目标${d ? `（期限：${d.text}）` : ''}：`,
        [this.kb.goals.text],
        '〔出处：三、发展目标〕',
      );
    }
    if (s.doc.kind === 'safeguard') {
      const sg = this.kb.safeguards[s.doc.no - 1] as Safeguard;
      if (kind.target) {
        const figures = pickFigures(sg.targets, topic, text, (t) => this.index.isCommon(t));
        if (figures.length) return r.targets(sg, 'safeguard', figures);
        if (numeric) return r.noFigure(sg, 'safeguard', topic);
      }
      return r.safeguard(sg, kind.lead ? 'lead' : kind.who ? 'all' : 'what');
    }
    const t = this.kb.tasks[s.doc.no - 1] as Task;
    if (kind.lead) return r.taskUnits(t, 'lead');
    if (kind.cooperating) return r.taskUnits(t, 'coop');
    if (kind.who) return r.taskUnits(t, 'all');
    if (kind.deadline) return r.taskDeadline(t);
    if (kind.target) {
      const figures = pickFigures(t.targets, topic, text, (t) => this.index.isCommon(t));
      if (figures.length) return r.targets(t, 'task', figures, TOTAL.test(text));
      if (numeric) return r.noFigure(t, 'task', topic);
    }
    return r.taskSummary(t);
  }
}
