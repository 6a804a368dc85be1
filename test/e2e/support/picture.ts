// The topology picture webview in the scenarios: its SVG text, and a screenshot with the picture maximized.
import type { FrameLocator, Page } from 'playwright-core';
import { snap } from './hooks';
import { eventually } from './until';
import { runCommand } from './workbench';

/** SVG text has no innerText: waits on its textContent. */
export async function svgTextShows(frame: FrameLocator, selector: string, text: string): Promise<void> {
  let last = '';
  await eventually(async () => {
    last = (await frame.locator(selector).first().textContent({ timeout: 1000 })) ?? '';
    return last.includes(text);
  }, () => `expected ${JSON.stringify(text)} in ${selector}, saw ${JSON.stringify(last)}`, 60_000);
}

/** The picture's editor group maximized for a screenshot, then restored (the only group is as wide as it gets). */
export async function snapMaximized(page: Page, frame: FrameLocator, name: string): Promise<void> {
  await frame.locator('[data-action="fit"]').click();
  if ((await page.locator('.editor-group-container').count()) < 2) {
    await snap(name);
    return;
  }
  await runCommand(page, 'View: Toggle Maximize Editor Group');
  await eventually(async () => ((await frame.locator('#stage').boundingBox())?.width ?? 0) > 800, () => 'the picture did not widen');
  await frame.locator('[data-action="fit"]').click();
  await snap(name);
  await runCommand(page, 'View: Toggle Maximize Editor Group');
}
