import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';
import { tempDataDir } from '../helpers/temp-bot.js';
import { runCli } from './run-cli.js';

const fixture = path.join(projectRoot(), 'tests/fixtures/replay/week-2021-W23.jsonl');

/**
 * English prose left in a message: words of letters once what an admin types or reads as a name is removed
 * (paths, options, variables, commands, file names, codes, product and format names).
 */
function englishWords(text: string): string[] {
  const names =
    /\b(?:plan-bot|npm|node|systemd|systemctl|docker|cron|chown|mkdir|json|csv|xlsx|iso|id|pid|uid|puppet|token|secret|webhook|ws|lark|feishu|wecom|wechat|wechaty|console|chinese-days|stack|trace|debug|permission|denied|utf-8|https?|url|aes|key|encodingaeskey|agentid|corpid|dir|file|command|value|liaison|backup|units|members|unit|platform|role|name|holidays|workdays|ok|lark_app_id|status|start|export|replay|import|restore|ask|ctrl|nan|libreoffice|soffice|debian|word|pdf|gbk|utf|wps|postgresql|pg_dump|pg_restore|migrate|sha256)\b/gi;
  const cleaned = text
    .replace(/› [A-Za-z][A-Za-z ]*/g, ' ') // a heading of the docs named after its page
    .replace(/\S*[/\\]\S*/g, ' ') // paths, URLs, a/b
    .replace(/\S+\.(?:json|txt|ts|js|xlsx|csv|log|md|env|service)\b/gi, ' ')
    .replace(/\bplan-bot(?: [a-z]+)?|\bnpm (?:start|ci|test|install|prune|run \w+)/g, ' ') // commands
    .replace(/(^|[\s（(，,[|：:])--?[a-z][\w-]*/gim, ' ') // options
    .replace(/\.env\b/g, ' ')
    .replace(/(?:^|\s)\.(?:txt|html?|docx?|pdf|wps)\b/g, ' ') // file types
    .replace(/\b[A-Z][A-Z0-9_]{2,}\b/g, ' ') // PLAN_BOT_DATA, EACCES
    .replace(/"[^"]*"|'[^']*'|“[^”]*”|`[^`]*`/g, ' ')
    .replace(/\b[a-z]+:[\w:.-]+/gi, ' ') // lark:ou_x, members.0.role
    .replace(/\b[\w]+(?:\.[\w]+)+\b/g, ' ')
    .replace(names, ' ');
  return cleaned.match(/[A-Za-z]{3,}/g) ?? [];
}

describe('operator messages, errors and help are in Chinese', { timeout: 60_000 }, () => {
  it('the help, every command’s help, and the errors an admin meets', async () => {
    const data = tempDataDir();
    const file = path.join(tempDataDir(), 'a-file');
    writeFileSync(file, '');
    const replayed = tempDataDir();
    expect((await runCli(['replay', fixture, '--data', replayed])).code).toBe(0);
    const runs = await Promise.all([
      runCli(['--help']),
      ...[
        'start',
        'ask',
        'replay',
        'import',
        'export',
        'plans',
        'status',
        'restore',
        'holidays',
        'web-link',
        'migrate',
      ].map((c) => runCli([c, '--help'])),
      runCli(['strat']),
      runCli(['status', '--bogus']),
      runCli(['export', '--data', data]),
      runCli([
        'export',
        '--data',
        replayed,
        '--format',
        'pdf',
        '--unit',
        '县财正局',
        '--out',
        path.join(replayed, 'x'),
      ]),
      runCli(['start', '--data', file], { input: '文号\n' }),
      runCli(['start', '--data', data], { input: '' }),
      runCli(['status', '--data', path.join(data, 'typo')]),
      runCli(['status', '--data', replayed]),
      runCli(['holidays', '--data', replayed]),
      runCli(['restore', '--data', data]),
      // PostgreSQL: a URL that is not one, a data directory with nothing to copy, restore while the data is there
      runCli(['migrate', '--to', 'mysql://x', '--data', replayed]),
      runCli(['migrate', '--to', 'postgres://127.0.0.1:1/x', '--data', data]),
      runCli(['restore', 'x.json'], { env: { PLAN_BOT_DATABASE_URL: 'postgres://127.0.0.1:1/x' } }),
      runCli(['import', 'nope.txt']),
      runCli(['replay', path.join(data, 'nope.jsonl')]),
      runCli(['export', '--data', replayed, '--out', path.join(replayed, 'ok.csv')]),
      runCli(['status'], { env: { PLAN_BOT_ADMINS: 'bad', PLAN_BOT_DIALOG_TTL_MIN: 'x' } }),
      runCli(['start', '--data', data], {
        env: { LARK_APP_ID: 'cli_x', LARK_APP_SECRET: 's', LARK_MODE: 'webhook' },
      }),
    ]);
    for (const r of runs) {
      const text = `${r.stdout}\n${r.stderr}`.trim();
      expect(text.length).toBeGreaterThan(0);
      expect(text, text).toMatch(/[\u4e00-\u9fff]/);
      expect(englishWords(text), text).toEqual([]);
    }
  });
});
