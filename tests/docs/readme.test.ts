import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_HELP } from '../../src/cli/usage.js';
import { projectRoot } from '../../src/project-root.js';
import { TEST_ROSTER, tempBot } from '../helpers/temp-bot.js';

// The README is what a newcomer reads in five minutes; the manual is in docs/. These checks keep it short, keep
// every link between the pages working, keep its commands real and its example answers the bot's own.

const root = projectRoot();
const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');

/** README.md and every Markdown file under docs/, as paths relative to the project root. */
function pages(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(path.join(root, dir)).flatMap((f) => {
      const rel = path.join(dir, f);
      if (statSync(path.join(root, rel)).isDirectory()) return walk(rel);
      return rel.endsWith('.md') ? [rel] : [];
    });
  return ['README.md', ...walk('docs')];
}

/** The text outside fenced code blocks, and the fenced code blocks themselves. */
function split(md: string): { prose: string; code: string[] } {
  const code: string[] = [];
  const prose = md.replace(/^```[^\n]*\n([\s\S]*?)^```$/gm, (_, body: string) => {
    code.push(body);
    return '';
  });
  return { prose, code };
}

/** The anchor GitHub gives a heading (github-slugger: lower case, punctuation dropped, spaces to hyphens). */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a page's headings, with -1, -2 … for repeated ones as GitHub does. */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of split(md).prose.matchAll(/^#{1,6} (.+)$/gm)) {
    const s = slug(m[1] as string);
    const n = seen.get(s) ?? 0;
    seen.set(s, n + 1);
    out.add(n ? `${s}-${n}` : s);
  }
  return out;
}

describe('the README', () => {
  const readme = read('README.md');

  it('is short, with lines of at most 120 characters, and names the two commands to try it', () => {
    const lines = readme.trimEnd().split('\n');
    expect(lines.length).toBeLessThan(160);
    expect(lines.filter((l) => [...l].length > 120)).toEqual([]);
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });

  it('runs only real commands: every npx plan-bot … is a CLI command, every npm run … a package.json script', () => {
    const scripts = Object.keys(
      (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts,
    );
    const cli = read('src/cli/plan-bot.ts');
    const checked: string[] = [];
    for (const file of pages()) {
      const text = read(file);
      for (const m of text.matchAll(/npx plan-bot (-{0,2}[\w-]+)/g)) {
        const word = m[1] as string;
        checked.push(word);
        if (['--help', '--version', '-h', '-V'].includes(word)) continue;
        expect(Object.keys(COMMAND_HELP), `${file}: npx plan-bot ${word}`).toContain(word);
        expect(cli, `${file}: plan-bot ${word} is not dispatched`).toContain(`case '${word}':`);
      }
      for (const m of text.matchAll(/npm (?:run ([\w:-]+)|(start|test)\b)/g)) {
        const script = (m[1] ?? m[2]) as string;
        checked.push(script);
        expect(scripts, `${file}: ${m[0]}`).toContain(script);
      }
    }
    // the README itself names commands of both kinds
    expect(readme).toMatch(/npx plan-bot \w/);
    expect(readme).toMatch(/npm run \w/);
    expect(checked.length).toBeGreaterThan(10);
  });

  it('shows the answers the bot gives today: each "> message" block and each row of "the answer begins"', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER, at: '2021-06-07T09:05:00+08:00' });
    let n = 0;
    // a question from someone not in the roster, a report from 县财政局's liaison (as the README says)
    const reply = async (text: string) => {
      const from = /^任务\d+ 进度/.test(text) ? 'lark:ou_fin1' : `lark:ou_reader${++n}`;
      return (await bot.say(from, text)).join('\n');
    };
    const blocks = split(readme).code.filter((b) => b.startsWith('> '));
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) {
      const [said, ...answer] = block.trimEnd().split('\n');
      expect(await reply((said as string).slice(2))).toBe(answer.join('\n'));
    }
    const table = /^\| you ask \| the answer begins \|\n\|---\|---\|\n((?:\|.*\n)+)/m.exec(readme)?.[1];
    expect(table).toBeDefined();
    const rows = (table as string).trimEnd().split('\n');
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const row of rows) {
      const [asked = '', begins = ''] = row.split(' | ').map((c) => c.replace(/^\| ?| ?\|$/g, ''));
      const question = asked.replace(/ \(.*\)$/, '');
      const start = begins.replace(/…$/, '');
      expect(question.length && start.length, row).toBeGreaterThan(3);
      const answer = (await reply(question)).replace(/\n/g, '');
      expect(answer.slice(0, start.length), question).toBe(start);
    }
  });
});

describe('the links of README.md and docs/', () => {
  it('every relative link leads to a file that exists, and its #anchor to a heading of that file', () => {
    const broken: string[] = [];
    let links = 0;
    for (const file of pages()) {
      const { prose } = split(read(file));
      const text = prose.replace(/`[^`\n]*`/g, '');
      for (const m of text.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) {
        const target = m[1] as string;
        if (/^[a-z]+:/i.test(target)) continue;
        links++;
        const [rel = '', anchor] = target.split('#');
        const dest = rel ? path.join(path.dirname(file), rel) : file;
        if (!existsSync(path.join(root, dest))) {
          broken.push(`${file}: ${target} (no file ${dest})`);
          continue;
        }
        if (anchor && !(dest.endsWith('.md') && anchors(read(dest)).has(anchor)))
          broken.push(`${file}: ${target} (no heading #${anchor} in ${dest})`);
      }
    }
    expect(broken).toEqual([]);
    expect(links).toBeGreaterThan(20);
  });

  it('every page of docs/ is reachable from the README or the docs index', () => {
    const linked = new Set<string>();
    for (const file of ['README.md', 'docs/README.md']) {
      for (const m of read(file).matchAll(/\]\(([^)#\s]+)/g))
        linked.add(path.join(path.dirname(file), m[1] as string));
    }
    expect(pages().filter((p) => p !== 'README.md' && !linked.has(p) && p !== 'docs/README.md')).toEqual([]);
  });
});
