// The lesson pane: open it from the palette and run step 2's first command inline.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { showsText } from './until';
import { clearWorkbench, runCommand, webview } from './workbench';

/** Opens the lesson, goes to step 2 and presses its first Run button; returns the pane, the step and that command. */
export async function runLessonStep2(page: Page): Promise<{ lesson: FrameLocator; step: Locator; command: Locator }> {
  await clearWorkbench(page);
  await runCommand(page, 'DevStack: Open lesson');
  const lesson = await webview(page, '.lesson', 60_000);
  await lesson.locator('button.step-link').nth(1).click();
  const step = lesson.locator('main.step');
  await showsText(step.locator('h2'), /^Step 2:/);
  const command = step.locator('.command').first();
  await command.locator('vscode-button[data-action="run"]').click();
  return { lesson, step, command };
}
