import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline';
import type { Adapter, Core, Outgoing } from '../../src/shared/types.js';

/** Options of the terminal chat. */
export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Show a prompt and greeting (interactive terminal) or stay quiet (piped input). */
  interactive: boolean;
  greeting?: string;
  userId?: string;
  /**
   * Line editing with the arrow keys and a history (Up, Down), as node's readline gives a terminal. Default: when
   * interactive and the input is a terminal.
   */
  terminal?: boolean;
  /** Where the history is kept between sessions (a file in the data directory); none: this session only. */
  historyFile?: string;
}

/** What ends the chat: 退出, exit or quit on a line of its own. */
const QUIT = /^(?:exit|quit|退出)$/i;
/** Lines of history kept. */
const HISTORY = 500;

/**
 * The embedded default adapter: a chat in the terminal, also scriptable through a pipe. On a terminal it is a real
 * prompt (node's readline: line editing, history); it ends cleanly on 退出, end of input (Ctrl-D), Ctrl-C, stop()
 * (SIGTERM) and a closed output (a pipe whose reader went away), so the caller can release the data directory.
 */
export class ConsoleAdapter implements Adapter {
  readonly name = 'console';
  private seq = 0;
  // message ids must not repeat across runs, or the core's dedupe would drop them
  private readonly runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  private rl?: Interface;
  private ended = false;
  private outputGone = false;
  // true while the prompt is shown and the user may be typing (a message arriving then redraws it)
  private prompting = false;
  private terminal = false;
  /** How many lines were read (a service started with nothing on stdin reads none). */
  lines = 0;

  constructor(private readonly opts: ConsoleOptions) {}

  /** Reads lines until the chat ends; each line goes through the core like any platform message. */
  async start(core: Core): Promise<void> {
    const { output, interactive } = this.opts;
    const terminal =
      this.opts.terminal ?? (interactive && Boolean((this.opts.input as { isTTY?: boolean }).isTTY));
    this.terminal = terminal;
    // a reader that went away (EPIPE) ends the chat instead of leaving a process that holds the lock
    output.on('error', () => {
      this.outputGone = true;
      this.stop();
    });
    const rl = createInterface({
      input: this.opts.input,
      ...(terminal ? { output } : {}),
      terminal,
      historySize: terminal ? HISTORY : 0,
      history: terminal ? this.loadHistory() : [],
      removeHistoryDuplicates: true,
      prompt: '> ',
    });
    this.rl = rl;
    // Ctrl-C on the terminal ends the chat like 退出 (readline takes it from the terminal, so no process signal)
    rl.on('SIGINT', () => this.stop());
    if (terminal && this.opts.historyFile) rl.on('history', (h: string[]) => this.saveHistory(h));
    if (interactive) {
      this.write(`${this.opts.greeting ?? ''}\n`);
      this.showPrompt();
    }
    for await (const line of rl) {
      this.prompting = false;
      if (this.ended) break;
      if (!line.trim()) {
        if (interactive) this.showPrompt();
        continue;
      }
      this.lines++;
      if (QUIT.test(line.trim())) break;
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
      if (this.ended) break;
      if (interactive) this.showPrompt();
    }
    this.stop();
    if (terminal && !this.outputGone) this.write('\n');
  }

  private showPrompt(): void {
    if (this.ended || this.outputGone) return;
    if (this.terminal && this.rl) this.rl.prompt();
    else this.write('> ');
    this.prompting = true;
  }

  private write(text: string): void {
    if (this.outputGone) return;
    this.opts.output.write(text);
  }

  /** Prints a message; a file is written where the core stored it and named here. */
  async send(o: Outgoing): Promise<void> {
    const text =
      'file' in o
        ? `${o.text ?? ''}\n[文件] ${o.file.name}（${o.file.bytes.length}字节）\n\n`
        : `${o.text}\n\n`;
    const rl = this.rl;
    if (this.prompting && this.terminal && rl) {
      // a message that arrives while the user types (an alert from the outbox): print it above the prompt line
      this.write('\r\x1b[2K');
      this.write(text);
      rl.prompt(true);
      return;
    }
    this.write(text);
  }

  /** Ends the chat: start() returns once the line in hand is answered. */
  stop(): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      this.rl?.close();
    }
    return Promise.resolve();
  }

  private loadHistory(): string[] {
    if (!this.opts.historyFile) return [];
    try {
      // readline keeps the newest first
      return readFileSync(this.opts.historyFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .reverse()
        .slice(0, HISTORY);
    } catch {
      return [];
    }
  }

  private saveHistory(history: string[]): void {
    if (!this.opts.historyFile) return;
    try {
      writeFileSync(this.opts.historyFile, `${[...history].reverse().join('\n')}\n`, { mode: 0o600 });
    } catch {
      // a history that cannot be kept is not worth stopping the chat for
    }
  }
}
