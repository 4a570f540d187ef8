import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's chromium: browsers cannot be downloaded here, so playwright drives the system one. */
export const CHROMIUM = '/usr/bin/chromium';

/** The flags every run uses (a fresh profile is added per launch). */
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** True when the system chromium is installed; the suite skips with a message otherwise. */
export function haveChromium(): boolean {
  return existsSync(CHROMIUM);
}

/** A headless chromium with a fresh --user-data-dir, downloads allowed, in a phone-sized window by default. */
export async function launchChromium(): Promise<BrowserContext> {
  const profile = mkdtempSync(path.join(tmpdir(), 'plan-bot-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    acceptDownloads: true,
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}
