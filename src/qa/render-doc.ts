import type { Answer } from './answer.js';
import type { Query } from './query.js';
import { cnOrdinal, type Writer } from './writer.js';

const DOC_SOURCE = '〔出处：通知正文及信息公开栏〕';
const fmtDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** The sections of the plan's body, in order, as far as the plan has them. */
function sections(w: Writer): string[] {
  const kb = w.kb;
  return [
    kb.guidingIdeology ? '指导思想' : '',
    kb.principles.length ? '基本原则' : '',
    kb.goals.text ? '发展目标' : '',
    kb.tasks.length ? '重点任务' : '',
    kb.safeguards.length ? '保障机制' : '',
  ].filter(Boolean);
}

/** Answers a question about the document itself (文号, dates, issuer, recipients, basis, principles, goals …). */
export function renderDoc(q: Extract<Query, { kind: 'doc' }>, w: Writer): Answer {
  const kb = w.kb;
  const d = kb.document;
  const fact = (head: string, lines: string[], source: string) =>
    w.answer({ head, lines, source, tasks: [], title: '方案信息' });
  switch (q.fact) {
    case 'docNumber':
      return d.docNumber
        ? fact(`本方案的文号是${d.docNumber}。`, [`文件：${d.noticeTitle}`], DOC_SOURCE)
        : w.notCovered('方案文本中没有写明文号。');
    case 'issuer':
      return d.issuer
        ? fact(`本方案由${d.issuer}印发${d.docNumber ? `（${d.docNumber}）` : ''}。`, [], DOC_SOURCE)
        : w.notCovered('方案文本中没有写明发文机关。');
    case 'recipients':
      return d.recipients
        ? fact(
            `这份通知发给：${d.recipients.replace(/,/g, '、')}。`,
            [`发文机关：${d.issuer}（${d.docNumber}）`],
            DOC_SOURCE,
          )
        : w.notCovered('方案文本中没有写明主送单位。');
    case 'issuedOn':
    case 'publishedOn': {
      const parts = [
        d.issuedOnText ? `本方案于${d.issuedOnText}${d.issuer ? `由${d.issuer}` : ''}印发（成文日期）` : '',
        d.publishedOn ? `${fmtDate(d.publishedOn)}在政府网站公开发布` : '',
      ].filter(Boolean);
      if (q.fact === 'publishedOn' && d.publishedOn) parts.reverse();
      return parts.length
        ? fact(`${parts.join('，')}。`, d.docNumber ? [`文号：${d.docNumber}`] : [], DOC_SOURCE)
        : w.notCovered('方案文本中没有写明印发或发布日期。');
    }
    case 'basis': {
      const levels = (q.level ?? '').split('|').filter(Boolean);
      const national = (title: string, no: string) => no.startsWith('国') || /国家|国务院/.test(title);
      const docs = d.basis.filter(
        (b) =>
          levels.length === 0 ||
          levels.some((level) =>
            level === 'national' ? national(b.title, b.docNumber) : b.title.includes(level),
          ),
      );
      const list = docs.length ? docs : d.basis;
      return fact(
        list.length === d.basis.length ? `本方案依据以下${list.length}个文件制定：` : '本方案依据的文件：',
        list.map((b, i) => `${i + 1}. 《${b.title}》（${b.docNumber}）（${b.role}）`),
        `〔出处：方案开头：“${kb.preamble.slice(0, 40)}……”〕`,
      );
    }
    case 'ideology':
      return kb.guidingIdeology
        ? fact('一、指导思想：', [kb.guidingIdeology], '〔出处：一、指导思想〕')
        : w.notCovered('方案中没有单列指导思想。');
    case 'indexNumber':
      return d.indexNumber
        ? fact(`本方案的信息索引号是${d.indexNumber}。`, [`文号：${d.docNumber}`], DOC_SOURCE)
        : w.notCovered('方案中没有信息索引号。');
    case 'principles':
      return kb.principles.length
        ? fact(
            `方案提出${kb.principles.length}项基本原则：`,
            kb.principles.map((p) => `（${cnOrdinal(p.no)}）${p.title}`),
            '〔出处：二、基本原则〕',
          )
        : w.notCovered('方案中没有单列基本原则。');
    case 'goals': {
      const dl = kb.goals.deadline;
      return kb.goals.text
        ? fact(`三、发展目标${dl ? `（期限：${dl.text}）` : ''}：`, [kb.goals.text], '〔出处：三、发展目标〕')
        : w.notCovered('方案中没有单列发展目标。');
    }
    case 'structure': {
      const parts = sections(w);
      return fact(
        `方案正文分${parts.length}个部分：${parts.map((p, i) => `${cnOrdinal(i + 1)}、${p}`).join('；')}。`,
        [
          `其中重点任务共${kb.tasks.length}项，分${kb.groups.length}组；保障机制${kb.safeguards.length}条；基本原则${kb.principles.length}条。`,
        ],
        `〔出处：《${d.title}》正文〕`,
      );
    }
    case 'title':
      return fact(
        `本方案全称：《${d.title}》。`,
        [`印发通知：${d.noticeTitle}（${d.docNumber}）`],
        DOC_SOURCE,
      );
    case 'figures':
      return w.answer({
        head: '方案中的量化指标：',
        lines: [
          ...kb.tasks.flatMap((t) => t.targets.map((x) => `• 任务${t.no}：${x.what} ${x.value}${x.unit}`)),
          ...kb.safeguards.flatMap((s) =>
            s.targets.map((x) => `• 保障机制（${cnOrdinal(s.no)}）：${x.what} ${x.value}${x.unit}`),
          ),
        ],
        source: '〔出处：各任务条款原文〕',
        tasks: kb.tasks.filter((t) => t.targets.length).map((t) => t.no),
      });
  }
}
