import { MAX_QUESTION_CHARS } from '../language/normalize.js';
import type { Answer } from './answer.js';
import { questionHelp } from './help.js';
import type { ClauseRef, Gap, Query } from './query.js';
import { cnOrdinal, type Writer } from './writer.js';

const EXAMPLES = ['任务14谁负责', '产教融合由哪个部门牵头'];

/** One sentence saying plainly what the plan does not have. */
function sentence(w: Writer, g: Gap): string {
  const kb = w.kb;
  switch (g.why) {
    case 'person':
      return `方案中没有人员姓名、职务、科室或联系方式（“${g.words}”），只列出了各项任务的责任单位。`;
    case 'reason':
      return '方案只规定了任务、责任单位和目标，没有说明理由，也没有解释名词的含义或认定办法。';
    case 'history':
      return `方案从${kb.document.issuedOn?.slice(0, 4) ?? ''}年起部署工作，没有讲过去的情况或事情的由来。`;
    case 'current':
      return '方案中没有现状数字（现有多少、每年多少）：它规定的是目标。';
    case 'named':
      return '方案中没有具体的企业、学校、专业或人员名单，只规定了任务和责任单位。';
    case 'detail':
      return `方案中没有关于“${g.words}”的规定，细则由各责任单位制定。`;
    case 'future':
      return '方案中没有下一轮计划或之后阶段的安排。';
    case 'outcome':
      return '方案中没有完成情况：它规定的是任务和目标。各单位的进展可以问“任务N进展如何”（根据每周汇报）。';
    case 'opinion':
      return '方案中没有对各单位工作的评价：它只规定了任务、责任单位和目标，不对落实情况下结论。各单位的进展可以问“任务N进展如何”（根据每周汇报）。';
    case 'chat':
      return `我只回答《${kb.document.title}》里的内容，方案中没有这方面的内容。`;
    case 'money':
      return `方案中没有具体金额（“${g.words}”）：它只规定了经费投入的方向和机制。`;
    case 'people':
      return `方案中没有这方面的具体人数（“${g.words}”）。`;
    case 'place':
      return `本方案是${kb.document.title}，方案中没有关于“${g.words}”的内容${/[局委办院厅]$/.test(g.words) ? `，${g.words}不是本方案的责任单位` : ''}。`;
    case 'unknownUnit':
      return `方案中没有“${g.words}”，它不是任何任务的责任单位。`;
    case 'year': {
      const last = kb.goals.deadline?.text ?? `${g.words}之前`;
      return `方案的安排截至${last}，没有${g.words}的内容。`;
    }
    case 'range':
      return g.words;
    case 'figure':
      return `方案中没有“${g.words}”的具体数字指标。`;
    case 'day':
      return `方案中没有具体日期（“${g.words}”），只规定了完成时限（${kb.goals.deadline?.text ?? '见各任务'}）。`;
    case 'title':
      return `方案中没有人员姓名、职务或联系方式（“${g.words}”），只列出了各项任务的责任单位。`;
    default:
      return `方案中没有关于“${g.words}”的内容。`;
  }
}

/** A label for a clause offered as a choice. */
function choice(w: Writer, ref: ClauseRef): string {
  if (ref.type === 'goals') return '发展目标';
  if (ref.type === 'principle') return `基本原则（${cnOrdinal(ref.no)}）`;
  if (ref.type === 'safeguard') {
    const s = w.kb.safeguards[ref.no - 1];
    return s ? w.safeguard(s) : `保障机制${ref.no}`;
  }
  const t = w.kb.tasks[ref.no - 1];
  return t ? w.task(t) : `任务${ref.no}`;
}

/**
 * Says what the plan does not cover (gaps), or answers a query that is not about the plan's content: progress,
 * a choice between clauses, a question read only in part, an empty or over-long message.
 */
export function renderGaps(w: Writer, gaps: Gap[], q?: Query): Answer {
  const all = [...gaps, ...(q && 'gaps' in q && q.gaps ? q.gaps : [])];
  const said = [...new Set(all.map((g) => sentence(w, g)))];
  const suggest = all.flatMap((g) => (g.suggest ?? []).map((n) => `${n}负责哪些任务`));
  if (!q || q.kind === 'gap') return w.notCovered(said.join('\n'), suggest);
  switch (q.kind) {
    case 'progress': {
      const tasks = q.tasks.length ? `“任务${q.tasks[0]}进展如何”` : '“任务N进展如何”';
      return w.notCovered(
        [
          ...said.filter((s) => !s.includes('完成情况')),
          `方案中没有完成情况：它规定的是任务和目标。各单位的进展可以问${tasks}（根据每周汇报）。`,
        ].join('\n'),
      );
    }
    case 'clarify':
      return w.notCovered(
        [...said, `方案中没有与“${q.topic}”直接对应的条款。`].join('\n'),
        q.candidates.map((c) => choice(w, c)),
      );
    case 'unclear':
      return w.notCovered(
        [
          ...said,
          `这个问题我没有完全理解${q.words.length ? `（“${q.words.join('、')}”）` : ''}，为了不答错，请换个说法或拆成两个问题，例如：哪些任务县人社局没有参与、任务3和任务16共同的责任单位、哪个单位牵头的任务最多。`,
        ].join('\n'),
      );
    case 'help':
      return questionHelp(w.kb);
    case 'empty':
      return w.notCovered(`请输入您想了解的问题，例如：${EXAMPLES.join('、')}。发送“帮助”查看更多用法。`);
    case 'tooLong':
      return w.notCovered(
        `消息太长（${q.chars}字）。请把问题缩短到${MAX_QUESTION_CHARS}字以内，一次问一件事。`,
      );
    default:
      return w.notCovered(said.join('\n'), suggest);
  }
}
