import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Adapter, Core, Outgoing } from '../../src/shared/types.js';

/** Options of the terminal chat. */
export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Show a prompt and greeting (interactive terminal) or stay quiet (piped input). */
  interactive: boolean;
  greeting?: string;
  userId?: string;
}

/** The embedded default adapter: a chat in the terminal, also scriptable through a pipe. */
export class ConsoleAdapter implements Adapter {
  readonly name = 'console';
  private seq = 0;
  // message ids must not repeat across runs, or the core's dedupe would drop them
  private readonly runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  private closed?: Promise<void>;

  constructor(private readonly opts: ConsoleOptions) {}

  /** Reads lines until end of input; each line goes through the core like any platform message. */
  async start(core: Core): Promise<void> {
    const rl = createInterface({ input: this.opts.input, terminal: false });
    const { output, interactive } = this.opts;
    if (interactive) output.write(`${this.opts.greeting ?? ''}\n> `);
    this.closed = (async () => {
      for await (const line of rl) {
        if (!line.trim() && !interactive) continue;
        if (interactive && /^(?:exit|quit|退出)$/i.test(line.trim())) break;
        const out = await core.handle({
          platform: 'console',
          id: `console-${this.runId}-${++this.seq}`,
          chatId: 'console',
          chatType: 'direct',
          sender: { id: this.opts.userId ?? 'console-user', name: 'console' },
          text: line,
          mentionsBot: true,
          at: new Date(),
        });
        for (const o of out) await this.send(o);
        if (interactive) output.write('> ');
      }
      rl.close();
    })();
    await this.closed;
  }

  /** Prints a message; a file is written where the core stored it and named here. */
  async send(o: Outgoing): Promise<void> {
    if ('file' in o) {
      this.opts.output.write(`${o.text ?? ''}\n[文件] ${o.file.name}（${o.file.bytes.length}字节）\n\n`);
      return;
    }
    this.opts.output.write(`${o.text}\n\n`);
  }

  /** Nothing to release: start() returns at end of input. */
  async stop(): Promise<void> {}
}
