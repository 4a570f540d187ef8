import type { Knowledge } from '../knowledge/schema.js';
import { lexiconFor } from '../language/lexicon.js';
import { MAX_QUESTION_CHARS } from '../language/normalize.js';
import type { Tokens } from '../language/spans.js';
import { tokenize } from '../language/tokenize.js';
import type { Answer } from './answer.js';
import type { Conversation } from './conversation.js';
import { readQuestion } from './parse-question.js';
import { render } from './render.js';
import { Writer } from './writer.js';

/**
 * Answers one question of a conversation from its tokens: parse (with the conversation), execute over the plan,
 * render. `{ state } in, { answer, state } out`: the state is a plain object the caller keeps per conversation.
 */
export function answerQuestion(
  tokens: Tokens,
  kb: Knowledge,
  state?: Conversation,
): { answer: Answer; state: Conversation } {
  const reading = readQuestion(tokens, kb, state);
  const results = reading.results;
  const opts = { english: reading.english };
  const answer =
    results.length === 1
      ? render(results[0] as (typeof results)[number], kb, opts)
      : render({ kind: 'several', query: { kind: 'several', parts: results.map((r) => r.query) }, parts: results }, kb, opts);
  return { answer, state: reading.conversation };
}

/** The help message: what can be asked, with examples. */
export function questionHelp(kb: Knowledge): Answer {
  const w = new Writer(kb);
  return w.answer({
    head: `我是《${kb.document.title}》（${kb.document.docNumber}）的问答助手。可以这样问我：`,
    lines: [
      '• 某项任务谁负责 / 谁牵头：任务14谁负责、第十四项的牵头单位、who is responsible for task 14',
      '• 某个主题归哪项任务：产教融合由哪个部门牵头、现代学徒制谁负责',
      '• 某单位负责哪些任务：县财政局负责哪些任务、人社局牵头哪些任务',
      '• 组合条件：县财政局参与但县人社局没参与的任务、第三组一共几项？县教育局牵头几项？、谁参与的任务多？多几项？',
      '• 目标和时限：双师型教师比例要达到多少、任务9什么时候完成',
      '• 文件信息：文号、印发日期、发给哪些单位、依据文件、基本原则、发展目标、保障机制、一共几项任务',
      '• 接着问：那任务15呢、第二个是谁牵头、它还牵头别的任务吗、反过来呢、打错了，是任务13',
    ],
    source: '〔回答均引自方案原文，并注明任务编号；方案没有写的会直接说明〕',
    tasks: [],
    title: '方案信息',
  });
}

/**
 * Answers questions about one plan from its knowledge base: a thin wrapper that tokenizes the text once and runs
 * the one pipeline (`answerQuestion`). Kept for the CLI, the tests and the core until they pass tokens in.
 */
export class QuestionAnswerer {
  private readonly lexicon;

  constructor(readonly kb: Knowledge) {
    this.lexicon = lexiconFor(kb);
  }

  /** The help message. */
  help(): Answer {
    return questionHelp(this.kb);
  }

  /** Answers one message of a conversation; returns the state to pass with the next message. */
  converse(text: string, prev?: Conversation): { answer: Answer; turn?: Conversation } {
    if (text.length > MAX_QUESTION_CHARS * 4) {
      const w = new Writer(this.kb);
      return {
        answer: w.notCovered(`消息太长（${text.length}字）。请把问题缩短到${MAX_QUESTION_CHARS}字以内，一次问一件事。`),
        ...(prev ? { turn: prev } : {}),
      };
    }
    const { answer, state } = answerQuestion(tokenize(text, this.lexicon), this.kb, prev);
    return { answer, turn: state };
  }

  /** Answers one question on its own. Never throws on any input. */
  answer(text: string): Answer {
    return this.converse(text).answer;
  }
}
