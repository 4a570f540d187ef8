import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../project-root.js';

const phrases = z.array(z.string().min(1));
const commandFileSchema = z.record(
  z.string(),
  z.union([
    z.string(),
    z.strictObject({ whole: phrases.optional(), head: phrases.optional(), prefix: phrases.optional() }),
  ]),
);

/** A command word found at the start of a message: its name (commands.json), the word as typed, the rest. */
export interface Command {
  name: string;
  word: string;
  /** What follows the word, trimmed (arguments); empty for a whole-text command. */
  rest: string;
}

interface Entry {
  name: string;
  /** Compact form (lower case, no spaces) for whole phrases; as written for head and prefix phrases. */
  text: string;
  how: 'whole' | 'head' | 'prefix';
}

let entries: Entry[] | undefined;

/** The command phrases of commands.json, longest first (read once). */
function commandEntries(): Entry[] {
  if (entries) return entries;
  const file = commandFileSchema.parse(
    JSON.parse(readFileSync(path.join(projectRoot(), 'src/language/commands.json'), 'utf8')),
  );
  const out: Entry[] = [];
  for (const [name, spec] of Object.entries(file)) {
    if (typeof spec === 'string') continue;
    for (const how of ['whole', 'head', 'prefix'] as const)
      for (const p of spec[how] ?? [])
        out.push({ name, text: how === 'whole' ? compact(p) : p.toLowerCase(), how });
  }
  entries = out.sort((a, b) => b.text.length - a.text.length);
  return entries;
}

/** Lower case, no white space, no closing punctuation: how a whole-text command is compared. */
function compact(s: string): string {
  const c = s.toLowerCase().replace(/\s+/g, '');
  // "在吗？" is 在吗, but "?" alone is a command of its own
  return c.replace(/[。.!！~～,，、;；?？]+$/u, '') || c;
}

/** Pieces of a message made only of courtesy words ("收到，谢谢！"): the command of each piece, or undefined. */
function wholeOf(text: string, list: Entry[]): Entry | undefined {
  const c = compact(text);
  return list.find((e) => e.how === 'whole' && e.text === c);
}

/**
 * The command a message is, read from commands.json: a whole-text phrase ("帮助", "我的ID"), a head word with
 * arguments ("导出 xlsx 2021-W23"), or a prefix ("撤回任务3"). A message made only of courtesy words joined by
 * punctuation ("收到，谢谢！") is the command of its last word. Undefined when the message is no command.
 */
export function readCommand(text: string): Command | undefined {
  const list = commandEntries();
  const t = text.trim();
  if (!t) return undefined;
  const whole = wholeOf(t, list);
  if (whole) return { name: whole.name, word: t, rest: '' };
  const lower = t.toLowerCase();
  for (const e of list) {
    if (e.how === 'whole' || !lower.startsWith(e.text)) continue;
    const rest = t.slice(e.text.length);
    if (e.how === 'head' && rest !== '' && !/^\s/.test(rest)) continue;
    return { name: e.name, word: t.slice(0, e.text.length), rest: rest.trim() };
  }
  const pieces = t.split(/[\s,，。.!！~～、;；?？]+/u).filter(Boolean);
  if (pieces.length > 1) {
    const named = pieces.map((p) => wholeOf(p, list));
    if (named.every((e) => e && COURTESY.has(e.name))) {
      const last = named[named.length - 1] as Entry;
      return { name: last.name, word: t, rest: '' };
    }
  }
  return undefined;
}

/** Commands that are only courtesy, which may be strung together. */
const COURTESY = new Set(['ack', 'thanks', 'ping']);
