// The lesson pane: open it from the palette, go to a step, run step 2's first command inline.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { showsText } from './until';
import { clearWorkbench, runCommand, webview } from './workbench';

/** Opens the lesson pane from the palette (on a cleared workbench). */
export async function openLesson(page: Page): Promise<FrameLocator> {
  await clearWorkbench(page);
  await runCommand(page, 'DevStack: Open lesson');
  return webview(page, '.lesson', 60_000);
}

/** Goes to step `index` (0-based) of the open lesson; returns the step. */
export async function lessonStep(lesson: FrameLocator, index: number): Promise<Locator> {
  await lesson.locator('button.step-link').nth(index).click();
  const step = lesson.locator('main.step');
  await showsText(step.locator('h2'), new RegExp(`^Step ${index + 1}:`));
  return step;
}

/** Opens the lesson, goes to step 2 and presses its first Run button; returns the pane, the step and that command. */
export async function runLessonStep2(page: Page): Promise<{ lesson: FrameLocator; step: Locator; command: Locator }> {
  const lesson = await openLesson(page);
  const step = await lessonStep(lesson, 1);
  const command = step.locator('.command').first();
  await command.locator('vscode-button[data-action="run"]').click();
  return { lesson, step, command };
}
