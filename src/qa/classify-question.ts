/** What a question asks for, independent of which task or unit it is about. */
export interface QuestionKind {
  lead: boolean;
  cooperating: boolean;
  who: boolean;
  deadline: boolean;
  target: boolean;
  what: boolean;
  unitTasks: boolean;
  person: boolean;
  outcome: boolean;
  history: boolean;
  reasonOrDefinition: boolean;
  exactDay: boolean;
  namedEntities: boolean;
  unitTasksStrong: boolean;
  english: boolean;
}

const LEAD =
  /牵头|主责|主办|领头|主要负责|负总责|第一责任|首要责任|排在?[^，,。]{0,6}第一|列第一|第一位|首位|lead|leads|leading|in charge/;
const COOP = /配合|协助|协办|参与单位|配合单位|co-?operat|support|assist/;
const WHO =
  /谁|哪几?[些个家]?(?:单位|部门|机构|机关)|什么(?:单位|部门)|责任单位|负责单位|责任部门|负责部门|归口|主管|由哪(?!几?(?:个)?(?:部分|方面)|些内容)|哪些局|who|responsible|in charge|which (?:unit|bureau|department|office)s?/;
const DEADLINE =
  /什么时候|何时|哪一?年|几年|年份|截止|期限|时限|完成时间|时间节点|几时|多久|deadline|when|by what date|due/;
const TARGET =
  /多少|(?<!哪)几个|几门|(?<!哪)几项|几成|几年|几加几|比例|比重|份额|多大|指标|达到|百分|%|占比|数量|目标|how many|how much|percent|target|ratio|proportion|share/;
const WHAT =
  /是什么|什么内容|内容|讲什么|讲的|讲了|关于什么|干什么|做什么|要做|措施|怎么做|怎样|如何|具体|要求|构成|组成|包含|包括|哪几(?:个)?(?:部分|方面)|what|about|describe|explain|详情|详细/;
// a unit's task list asked for outright, even with 单位 in the question (县税务局是哪几项任务的责任单位)
const UNIT_TASKS_STRONG =
  /哪(?:几|些)(?:项|个|条)?(?:重点)?任务|哪几项|几项任务|负责哪些|负责什么|参与哪些|牵头哪些|[干做管抓]哪(?:些|项|几项)|负责哪项|哪些(?:活|事|工作)|全部任务|所有任务|哪几个任务|任务是哪几个|which (?:key )?tasks|what (?:key )?tasks/;
const UNIT_TASKS =
  /负责|任务|管什么|管哪些|参与|涉及|承担|分工|职责|工作|做什么|干什么|what|which|tasks?|responsib|involved|handle/;
// a specific day, not a deadline: the plan never dates individual events
const EXACT_DAY =
  /哪天|哪一天|几号|几月|哪个月|月份|具体日期|具体时间|what day|which day|what date|which month/;
// named enterprises, schools or people: the plan names none
const NAMED_ENTITIES =
  /哪些(?:企业|公司|学校|院校|人|个人|专业)|哪(?:几?[家个所])(?:企业|公司|学校|院校|高校|大学|本科|专业|课程|基地|集团|项目)|哪一?家(?!单位|部门|机关|负责|牵头)|哪位(?=[^，,。?？]{0,2}(?:老师|领导|同志|负责人|专家|校长|局长|主任|主持))|哪(?:个|家|所|一家)[^，,。?？]{0,4}(?:企业|公司|学校|院校|高校|大学|机构|平台|网站|系统|出版社|乡镇|村|朝代|地方|地点)|(?:课程|专业|企业|学校|平台|基地)的?名称|是哪所|哪所|具体叫什么|叫什么名字|分别叫什么|名单|召集人|分管领导|[建设]在哪(?:里|个)?|which (?:companies|enterprises|schools)/;
// Whether something has happened: a plan sets tasks, it does not report on them.
const OUTCOME =
  /(?:达成|完成|实现|建成|建完|评上|挂牌|落实|做到|启动|开展|办成)了?(?:吗|没有|没)|是否(?:已经?)?(?:完成|达成|实现|建成|评上|落实)|有没有(?:完成|达成|建成|实现|评上|落实)|发现了|被约谈|被通报|被处罚|完成情况|实施效果|效果如何|成效如何|结果如何|结果怎么样|did it|has it been|was it/;
// The past (获批, 被评为, 从哪年开始, 起源): the plan looks forward from 2021.
const HISTORY = /获批|被评为|评上的|起源|从哪一?年开始|什么时候开始的|哪一?年开始|始于|历史上|以前是|过去/;
// Why a decision was made, or what a term means: the plan states tasks, not reasons or definitions.
const REASON_OR_DEFINITION =
  /为什么|为何|什么原因|原因是|(?<![管处治办代整料])理由|具体指(?:的是)?什么|指的是什么|是什么意思|什么意思|含义|怎么认定|认定标准|认定条件|申报条件|申请条件|评选标准|怎么申请|如何申请|开户|怎么报名|why\b/;
const PERSON =
  /(?:局长|主任|书记|县长|部长|科长|处长|校长|院长|所长|站长|队长|主席|经理|董事长|负责人|主持人|带头人|领导)[^，,。?？]{0,4}(?:是谁|叫什么|姓名|名字|哪位)|谁是[^，,。?？]{0,8}(?:局长|主任|书记|县长|部长|科长|校长|院长)|电话|手机|联系方式|联系人|邮箱|微信号|姓名|名字叫|地址在|办公地点|phone|telephone|e-?mail|contact|address|director|\bhead of\b/;

/** Reads the question's kind from its wording (the text should already be normalized). */
export function classifyQuestion(text: string): QuestionKind {
  return {
    lead: LEAD.test(text),
    cooperating: COOP.test(text),
    who: WHO.test(text),
    deadline: DEADLINE.test(text),
    target: TARGET.test(text),
    what: WHAT.test(text),
    unitTasks: UNIT_TASKS.test(text),
    person: PERSON.test(text),
    outcome: OUTCOME.test(text),
    history: HISTORY.test(text),
    reasonOrDefinition: REASON_OR_DEFINITION.test(text),
    exactDay: EXACT_DAY.test(text),
    namedEntities: NAMED_ENTITIES.test(text) && !/方案|文件|计划|通知|标题|文号/.test(text),
    unitTasksStrong: UNIT_TASKS_STRONG.test(text),
    english: /[a-z]{3,}/.test(text) && !/[\u4e00-\u9fa5]/.test(text.replace(/[a-z0-9#\s]/g, '')),
  };
}

// Question words and fillers removed before topic search; longest first so that 由哪些部门 goes as a whole.
const FILLER = [
  '请问一下',
  '请问',
  '想问一下',
  '想问',
  '我想知道',
  '告诉我',
  '帮我查一下',
  '帮我查',
  '查一下',
  '一下',
  '由哪些单位',
  '由哪个单位',
  '由哪些部门',
  '由哪个部门',
  '哪些单位',
  '哪个单位',
  '哪些部门',
  '哪个部门',
  '什么单位',
  '什么部门',
  '责任单位',
  '负责单位',
  '责任部门',
  '负责部门',
  '配合单位',
  '牵头单位',
  '主要负责',
  '牵头',
  '负责',
  '由谁',
  '是谁',
  '谁来',
  '谁',
  '是什么',
  '是哪些',
  '有哪些',
  '有什么',
  '几加几',
  '多大',
  '年底前',
  '底前',
  '之前',
  '这部分',
  '那部分',
  '这一块',
  '那一块',
  '这块',
  '那块',
  '是不是',
  '是否',
  '有没有',
  '也要',
  '要管',
  '也',
  '还',
  '那个',
  '这个',
  '那条',
  '这条',
  '这项',
  '那项',
  '部门',
  '单位',
  '哪一年',
  '哪年',
  '要在',
  '什么时候完成',
  '什么时候',
  '完成时限',
  '完成时间',
  '截止时间',
  '截止日期',
  '时间节点',
  '时限',
  '期限',
  '截止',
  '何时',
  '哪年',
  '要达到多少',
  '达到多少',
  '要达到',
  '达到',
  '多少',
  '几个',
  '几门',
  '怎么样',
  '怎么',
  '如何',
  '什么',
  '哪些',
  '哪个',
  '相关',
  '方面',
  '事情',
  '事项',
  '问题',
  '内容',
  '情况',
  '要求',
  '目标',
  '具体',
  '任务',
  '方案',
  '计划里',
  '方案里',
  '方案中',
  '的',
  '了',
  '吗',
  '呢',
  '啊',
  '吧',
  '呀',
  '是',
  '由',
  '和',
];
const FILLER_RE = new RegExp(FILLER.join('|'), 'g');
const EN_STOP = new Set(
  'a an the of for to in on is are was be by who what which when how many much does do did task tasks unit units responsible responsibility lead leads leading about plan county please tell me i want know this that it its and or with charge vocational education educational building build construct construction program programme project work handle handles department departments bureau bureaus take takes name job thing things should must will can share go goes percentage proportion ratio figure number get getting set aside provide provides im minimum maximum least at school schools'.split(
    ' ',
  ),
);

/** Topic words of a question: question words, fillers and punctuation removed. */
export function topicOf(text: string): string {
  return text
    .replace(FILLER_RE, ' ')
    .replace(/[a-z]+/g, (w) => (EN_STOP.has(w) ? ' ' : w))
    .replace(/[^\p{L}\p{N}+#]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
