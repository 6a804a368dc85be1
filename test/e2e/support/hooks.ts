// Root hooks: one browser for the whole run, a screenshot after every scenario (failed ones too).
import * as path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Context } from 'mocha';
import { closeBrowser, openWorkbench, workbench } from './browser';
import { e2e } from './env';

export function screenshotPath(name: string): string {
  mkdirSync(e2e.artifacts, { recursive: true });
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return path.join(e2e.artifacts, `${slug}.png`);
}

/** A screenshot in the middle of a scenario (e.g. of a dialog that is about to close). */
export async function snap(name: string): Promise<void> {
  await workbench().screenshot({ path: screenshotPath(name) });
}

export const mochaHooks = {
  async beforeAll(this: Context) {
    this.timeout(180_000);
    const seconds = await openWorkbench(e2e.url);
    console.log(`  workbench ready in ${seconds.toFixed(1)} s`);
  },
  async afterEach(this: Context) {
    const test = this.currentTest;
    if (!test) return;
    const file = path.basename(test.file ?? 'scenario', '.test.ts');
    await workbench().mouse.move(720, 895); // onto the status bar: no hover tooltip in the picture
    const state = test.state === 'passed' ? '' : ` ${test.state ?? 'unfinished'}`;
    await workbench().screenshot({ path: screenshotPath(`${file} ${test.title}${state}`) }).catch((err) => {
      console.error(`  screenshot failed: ${err}`);
    });
  },
  async afterAll() {
    await closeBrowser();
  },
};
