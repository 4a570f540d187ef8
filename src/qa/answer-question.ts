import type { Knowledge } from '../knowledge/schema.js';
import { type Lexicon, lexiconFor } from '../language/lexicon.js';
import { MAX_QUESTION_CHARS } from '../language/normalize.js';
import type { Tokens } from '../language/spans.js';
import { tokenize } from '../language/tokenize.js';
import type { Answer } from './answer.js';
import type { Conversation } from './conversation.js';
import { questionHelp } from './help.js';
import { LEAD_CONVENTION, leadByConvention } from './lead-convention.js';
import { readQuestion } from './parse-question.js';
import type { Query } from './query.js';
import { render } from './render.js';
import { Writer } from './writer.js';

/**
 * Answers one question of a conversation from its tokens: parse (with the conversation), execute over the plan,
 * render. `{ state } in, { answer, state } out`: the state is a plain object the caller keeps per conversation;
 * `queries` are what was understood (a `progress` query is answered from the ledger by the check-ins feature).
 */
export function answerQuestion(
  tokens: Tokens,
  kb: Knowledge,
  state?: Conversation,
): { answer: Answer; state: Conversation; queries: Query[] } {
  const reading = readQuestion(tokens, kb, state);
  const results = reading.results;
  const opts = { english: reading.english };
  const answer =
    results.length === 1
      ? render(results[0] as (typeof results)[number], kb, opts)
      : render(
          { kind: 'several', query: { kind: 'several', parts: results.map((r) => r.query) }, parts: results },
          kb,
          opts,
        );
  return {
    answer: reading.english ? answer : withLeadConvention(answer, kb),
    state: reading.conversation,
    queries: results.map((r) => r.query),
  };
}

/**
 * 牵头 is a reading: a plan that lists each task's units without naming the lead (稷政发〔2021〕6号) has its first
 * unit lead by convention. An answer that names a lead of such a task says so once, before the clause it quotes.
 */
function withLeadConvention(answer: Answer, kb: Knowledge): Answer {
  if (!answer.found || !answer.text.includes('牵头') || answer.text.includes(LEAD_CONVENTION)) return answer;
  const clauses = answer.tasks.map((n) => kb.tasks[n - 1]).filter((t) => t !== undefined);
  if (!clauses.some(leadByConvention)) return answer;
  // after the lines that name the units, before the quoted clause and its source
  const lines = answer.text.split('\n');
  const at = lines.findIndex((l, i) => i > 0 && /^(?:原文|〔|您是不是想问)/.test(l));
  lines.splice(at < 0 ? lines.length : at, 0, LEAD_CONVENTION);
  return { ...answer, text: lines.join('\n') };
}

/**
 * Answers questions about one plan from its knowledge base: a thin wrapper that tokenizes the text once and runs
 * the one pipeline (`answerQuestion`). Kept for the CLI, the tests and the core until they pass tokens in.
 */
export class QuestionAnswerer {
  /** The plan's lexicon: the tokens this answerer reads are made with it. */
  readonly lexicon: Lexicon;

  constructor(readonly kb: Knowledge) {
    this.lexicon = lexiconFor(kb);
  }

  /** The help message. */
  help(): Answer {
    return questionHelp(this.kb);
  }

  /** Answers one message of a conversation; returns the state to pass with the next message. */
  converse(text: string, prev?: Conversation): { answer: Answer; turn?: Conversation } {
    return this.converseTokens(text, () => tokenize(text, this.lexicon), prev);
  }

  /**
   * Answers one message of a conversation from its tokens (made with `lexicon`; the core passes the context's, so
   * that a message is tokenized once); an overlong message is refused before it is read.
   */
  converseTokens(
    text: string,
    tokens: () => Tokens,
    prev?: Conversation,
  ): { answer: Answer; turn?: Conversation; queries?: Query[] } {
    if (text.length > MAX_QUESTION_CHARS * 4) {
      const w = new Writer(this.kb);
      return {
        answer: w.notCovered(
          `消息太长（${text.length}字）。请把问题缩短到${MAX_QUESTION_CHARS}字以内，一次问一件事。`,
        ),
        ...(prev ? { turn: prev } : {}),
      };
    }
    const { answer, state, queries } = answerQuestion(tokens(), this.kb, prev);
    return { answer, turn: state, queries };
  }

  /** Answers one question on its own. Never throws on any input. */
  answer(text: string): Answer {
    return this.converse(text).answer;
  }
}
