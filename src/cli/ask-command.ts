import { createInterface } from 'node:readline';
import type { QuestionAnswerer } from '../qa/answer-question.js';
import type { Conversation as Turn } from '../qa/conversation.js';

/**
 * `plan-bot ask "question"` prints the answer; `ask --json` answers stdin line by line as JSON lines, in order. Each
 * line stands alone unless `dialog` is set: then a line may follow up on the one before ("那16呢").
 */
export async function askCommand(
  qa: QuestionAnswerer,
  args: { questions: string[]; json: boolean; dialog?: boolean },
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream },
): Promise<number> {
  let prev: Turn | undefined;
  const line = (question: string) => {
    const r = args.dialog ? qa.converse(question, prev) : { answer: qa.answer(question), turn: prev };
    const a = r.answer;
    prev = r.turn;
    return args.json
      ? JSON.stringify({ question, text: a.text, found: a.found, tasks: a.tasks, units: a.units })
      : a.text;
  };
  if (args.questions.length > 0) {
    for (const q of args.questions) io.output.write(`${line(q)}\n`);
    return 0;
  }
  if (!args.json) {
    io.output.write('usage: plan-bot ask "任务14谁负责"   or   plan-bot ask --json < questions.txt\n');
    return 2;
  }
  const rl = createInterface({ input: io.input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
  let buf = '';
  for await (const q of rl) {
    buf += `${line(q)}\n`;
    if (buf.length > 1 << 16) {
      io.output.write(buf);
      buf = '';
    }
  }
  io.output.write(buf);
  return 0;
}
