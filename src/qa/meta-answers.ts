import type { Knowledge } from '../knowledge/schema.js';
import type { Answer } from './answer.js';
import { topicOf } from './classify-question.js';
import { cnOrdinal, type Renderer } from './render-answer.js';

/** A question about the document itself, recognised by its words; `bare` ones need nothing else in the text. */
interface MetaRule {
  re: RegExp;
  bare?: boolean;
  answer: (kb: Knowledge, r: Renderer, text: string) => Answer;
}

const DOC_SOURCE = '〔出处：通知正文及信息公开栏〕';
const fmtDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

const RULES: MetaRule[] = [
  {
    re: /依据|上位文件|根据(?:哪|什么)|贯彻落实.*(?:哪|什么|文件|文号)|(?:国家|省|市|上级)[^，,。？?]{0,4}(?:文件|文号)|参照|政策来源|based on|basis|upstream/,
    answer: (kb, r, text) => {
      // "国家层面文件", "省里的文件": the level narrows the list
      const national = (title: string, no: string) => no.startsWith('国') || /国家|国务院/.test(title);
      const level = /国家|中央|national/.test(text)
        ? 'national'
        : /省/.test(text)
          ? '省'
          : /市/.test(text)
            ? '市'
            : '';
      const docs = kb.document.basis.filter((b) =>
        level === 'national' ? national(b.title, b.docNumber) : !level || b.title.includes(level),
      );
      const list = docs.length ? docs : kb.document.basis;
      return r.fact(
        list.length === kb.document.basis.length
          ? `本方案依据以下${list.length}个文件制定：`
          : '本方案依据的文件：',
        list.map((b, i) => `${i + 1}. 《${b.title}》（${b.docNumber}）（${b.role}）`),
        `〔出处：方案开头：“${kb.preamble.slice(0, 40)}……”〕`,
      );
    },
  },
  {
    re: /文号|发文字号|文件号|字号|document number|reference number|doc(?:ument)? no/,
    answer: (kb, r) =>
      kb.document.docNumber
        ? r.fact(`本方案的文号是${kb.document.docNumber}。`, [`文件：${kb.document.noticeTitle}`], DOC_SOURCE)
        : r.notCovered('方案文本中没有写明文号。'),
  },
  {
    re: /发文机关|发布机构|印发机关|发文单位|谁(?:印发|发布|发)的|哪个(?:单位|部门|机关)(?:印发|发布|发)的|issuer|issued by|who (?:issued|published)/,
    answer: (kb, r) =>
      kb.document.issuer
        ? r.fact(
            `本方案由${kb.document.issuer}印发${kb.document.docNumber ? `（${kb.document.docNumber}）` : ''}。`,
            [],
            DOC_SOURCE,
          )
        : r.notCovered('方案文本中没有写明发文机关。'),
  },
  {
    re: /(?:印发|成文|发布|发文|签发|出台|公布|公开|文件|下发|落款|通知).*(?:时间|日期|哪天|何时|什么时候|哪年)|(?:什么时候|何时|哪天|哪年).*(?:印发|成文|发布|发文|签发|出台|公布|下发)|when\b.*\b(?:issued|published|released|signed)|issue date|publication date/,
    answer: (kb, r) => {
      const d = kb.document;
      const parts = [
        d.issuedOnText ? `本方案于${d.issuedOnText}${d.issuer ? `由${d.issuer}` : ''}印发（成文日期）` : '',
        d.publishedOn ? `${fmtDate(d.publishedOn)}在政府网站公开发布` : '',
      ].filter(Boolean);
      return parts.length
        ? r.fact(`${parts.join('，')}。`, d.docNumber ? [`文号：${d.docNumber}`] : [], DOC_SOURCE)
        : r.notCovered('方案文本中没有写明印发或发布日期。');
    },
  },
  {
    re: /指导思想|(?:省委|市委|县委).*(?:思路|要求)|总体思路|guiding (?:ideology|thought|principle)/,
    answer: (kb, r) => r.fact('一、指导思想：', [kb.guidingIdeology], '〔出处：一、指导思想〕'),
  },
  {
    re: /索引号|信息索引|index number/,
    answer: (kb, r) =>
      r.fact(
        `本方案的信息索引号是${kb.document.indexNumber}。`,
        [`文号：${kb.document.docNumber}`],
        DOC_SOURCE,
      ),
  },
  {
    re: /基本原则|(?<!上)原则(?!上)|principles?/,
    answer: (kb, r) =>
      r.fact(
        `方案提出${kb.principles.length}项基本原则：`,
        kb.principles.map((p) => `（${cnOrdinal(p.no)}）${p.title}`),
        '〔出处：二、基本原则〕',
      ),
  },
  {
    re: /保障机制|保障措施|保障|safeguards?/,
    bare: true,
    answer: (kb, r) =>
      r.fact(
        `方案有${kb.safeguards.length}项保障机制：`,
        kb.safeguards.map(
          (s) => `（${cnOrdinal(s.no)}）${s.title}：${s.units.join('、')}（${s.units[0]}牵头）`,
        ),
        '〔出处：五、保障机制，各条末尾的“责任单位”〕',
      ),
  },
  {
    re: /(?:发展|总体|主要|总)目标.*(?:什么时候|何时|哪年|期限|截止|完成|实现)/,
    answer: (kb, r) =>
      r.fact(
        `发展目标的期限${kb.goals.deadline ? `是${kb.goals.deadline.text}` : '方案没有写明'}：`,
        [kb.goals.text],
        '〔出处：三、发展目标〕',
      ),
  },
  {
    re: /发展目标|总体目标|主要目标|总目标|目标|goals?|objectives?/,
    bare: true,
    answer: (kb, r) => r.fact('三、发展目标：', [kb.goals.text], '〔出处：三、发展目标〕'),
  },
  {
    re: /多少项|几项|多少个|多少条|几条|几个|总数|一共|共有|how many/,
    bare: true,
    answer: (kb, r) =>
      r.fact(
        `方案共有${kb.tasks.length}项重点任务，分为${kb.groups.length}组：`,
        kb.groups.map(
          (g) =>
            `（${cnOrdinal(g.no)}）${g.title}：任务${g.tasks[0]}—${g.tasks[g.tasks.length - 1]}（${g.tasks.length}项）`,
        ),
        '〔出处：四、重点任务〕',
      ),
  },
  {
    re: /任务清单|所有任务|全部任务|任务列表|重点任务|\d+\s*项(?:重点)?任务|分组|几组|几类|几大|方面|哪些任务|list|all tasks|overview/,
    bare: true,
    answer: (kb, r) =>
      r.fact(
        `方案共${kb.tasks.length}项重点任务，分${kb.groups.length}组：`,
        kb.groups.map(
          (g) =>
            `（${cnOrdinal(g.no)}）${g.title}\n${g.tasks
              .map((n) => `  ${n}. ${kb.tasks[n - 1]?.title ?? ''}`)
              .join('\n')}`,
        ),
        '〔出处：四、重点任务〕',
      ),
  },
  {
    re: /标题|文件名|全称|名称|叫什么|title|name of (?:the )?plan/,
    bare: true,
    answer: (kb, r) =>
      r.fact(
        `本方案全称：《${kb.document.title}》。`,
        [`印发通知：${kb.document.noticeTitle}（${kb.document.docNumber}）`],
        DOC_SOURCE,
      ),
  },
  {
    re: /截止|期限|时限|什么时候|何时|哪年|deadline|when/,
    bare: true,
    answer: (kb, r) =>
      kb.goals.deadline
        ? r.fact(
            `方案的目标期限是${kb.goals.deadline.text}：“到${kb.goals.deadline.text}，……”。各任务未单列时限的，均按此执行。`,
            [],
            '〔出处：三、发展目标〕',
          )
        : r.notCovered('方案没有规定总的完成期限。'),
  },
  {
    re: /单位|部门|units?|bureaus?|departments?/,
    bare: true,
    answer: (kb, r) => {
      const count = (name: string) => kb.tasks.filter((t) => t.units.includes(name)).length;
      return r.fact(
        `方案涉及${kb.units.length}个责任单位：`,
        kb.units.map((u) => `• ${u.name}：${count(u.name)}项任务`),
        '〔依据：各条任务及保障机制末尾的“责任单位”〕',
      );
    },
  },
  {
    re: /(?:量化|数字)?指标|figures|numbers/,
    bare: true,
    answer: (kb, r) =>
      r.fact(
        '方案中的量化指标：',
        [
          ...kb.tasks.flatMap((t) => t.targets.map((x) => `• 任务${t.no}：${x.what} ${x.value}${x.unit}`)),
          ...kb.safeguards.flatMap((s) =>
            s.targets.map((x) => `• 保障机制（${cnOrdinal(s.no)}）：${x.what} ${x.value}${x.unit}`),
          ),
        ],
        '〔出处：各任务条款原文〕',
        kb.tasks.filter((t) => t.targets.length).map((t) => t.no),
      ),
  },
];

// Words that belong to the meta questions themselves, removed (longest first) before deciding whether anything
// else is asked.
const META_WORDS = new RegExp(
  [
    '保障机制',
    '保障措施',
    '发展目标',
    '总体目标',
    '主要目标',
    '重点任务',
    '任务清单',
    '什么时候',
    '职业教育',
    '改革发展',
    '行动计划',
    '哪几个',
    '总目标',
    '多少项',
    '多少个',
    '多少条',
    '几大类',
    '文件名',
    '叫什么',
    '稷山县',
    '新时代',
    '哪年底',
    '包括',
    '包含',
    '涵盖',
    '具体',
    '哪几',
    '哪些',
    '年份',
    '年底',
    '保障',
    '目标',
    '方案',
    '计划',
    '文件',
    '所有',
    '全部',
    '任务',
    '列表',
    '一共',
    '共有',
    '总共',
    '总数',
    '几项',
    '几条',
    '几个',
    '几组',
    '几类',
    '几大',
    '分组',
    '分为',
    '分成',
    '方面',
    '标题',
    '全称',
    '名称',
    '截止',
    '期限',
    '时限',
    '完成',
    '何时',
    '哪年',
    '单位',
    '部门',
    '责任',
    '涉及',
    '参与',
    '量化',
    '数字',
    '指标',
    '列出',
    '列举',
    '介绍',
    '整体',
    '总体',
    '推进',
    '本',
    '分',
    '组',
    '类',
    '有',
    '所',
    '都',
    '个',
    '项',
    '条',
    '哪',
    '底',
  ].join('|'),
  'g',
);

/** Answers questions about the document itself (文号, dates, principles, goals, counts, safeguards …). */
export function answerMeta(text: string, kb: Knowledge, r: Renderer): Answer | undefined {
  const bareRest = topicOf(text.replace(META_WORDS, ' ').replace(/\d+/g, ' '))
    .replace(/\b(?:the|are|there|all|give|show|what)\b/g, '')
    .trim();
  for (const rule of RULES) {
    if (!rule.re.test(text)) continue;
    if (rule.bare && bareRest !== '') continue;
    return rule.answer(kb, r, text);
  }
  return undefined;
}
