// One Debian Chromium, driven by playwright-core, showing the code-server workbench.
import { chromium, type Browser, type Page } from 'playwright-core';

const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

let browser: Browser | undefined;
let page: Page | undefined;

/** Opens the workbench and waits until it is drawn; returns the seconds it took. */
export async function openWorkbench(url: string): Promise<number> {
  const started = Date.now();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  return (Date.now() - started) / 1000;
}

export function workbench(): Page {
  if (!page) throw new Error('the workbench is not open (root hook failed?)');
  return page;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
  page = undefined;
}
