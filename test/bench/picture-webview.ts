// The picture webview's UI thread on the whole scaled lab (issue 15: "no step may block the webview's UI
// thread for more than 100 ms"): the built webview (dist/webview/picture.js, its CSS) in Debian Chromium,
// given the message the extension posts for the scaled lab with every group unfolded; long tasks
// (PerformanceObserver 'longtask') while it renders, then while it is panned and zoomed.
// Run alone on the recorded scaled snapshot (after `npm run build`): npx tsx test/bench/picture-webview.ts
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Topology } from '../../src/core/model/types';
import { splitPicture } from '../../src/core/picture/parts';
import { wholeHostMessage } from './picture-message';

const ROOT = resolve(__dirname, '..', '..');

export interface WebviewTasks {
  /** The longest task (ms) and how many took over 100 ms. */
  readonly render: { readonly maxMs: number; readonly over100: number; readonly count: number };
  readonly panZoom: { readonly maxMs: number; readonly over100: number; readonly count: number };
  readonly boxes: number;
}

const PAGE = (message: string) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
${['media/common.css', 'media/picture.css', 'media/picture-svg.css'].map((c) => `<link rel="stylesheet" href="file://${join(ROOT, c)}">`).join('\n')}
<script>
  window.__longTasks = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask' });
  window.acquireVsCodeApi = () => ({ postMessage() {}, getState() { return undefined; }, setState() {} });
  window.__messages = ${message};
</script>
</head><body>
<div id="toolbar"></div><div id="status" role="status"></div><div id="stage" tabindex="0" aria-label="Topology picture"></div><div id="tooltip" role="tooltip" hidden></div><div id="menu" role="menu" hidden></div>
<script src="file://${join(ROOT, 'dist/webview/picture.js')}"></script>
</body></html>`;

export async function pictureWebviewTasks(topology: Topology): Promise<WebviewTasks> {
  const message = await wholeHostMessage(topology);
  const dir = mkdtempSync(join(tmpdir(), 'picture-webview-'));
  const file = join(dir, 'picture.html');
  // The messages (split as the panel sends them) are data for the page (JSON in a script: '<' escaped).
  writeFileSync(file, PAGE(JSON.stringify(splitPicture(message)).replace(/</g, '\\u003c')));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--allow-file-access-from-files'],
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(`file://${file}`);
    await page.waitForTimeout(500);
    const take = () => page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[] };
      const out = w.__longTasks;
      w.__longTasks = [];
      return out;
    });
    await take(); // page start-up is not the picture's
    // As the extension posts them: message events carrying structured-cloned parts.
    await page.evaluate(() => {
      for (const m of (window as unknown as { __messages: unknown[] }).__messages) window.postMessage(m, '*');
    });
    await page.locator('svg.picture[data-drawn="true"]').waitFor({ timeout: 120_000 });
    await page.waitForTimeout(500);
    const render = await take();
    const boxes = await page.locator('g.node').count();
    const box = (await page.locator('#stage').boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(cx, cy);
    for (let i = 0; i < 8; i++) {
      await page.mouse.wheel(0, -240);
      await page.waitForTimeout(50);
    }
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(cx - i * 30, cy - i * 15);
    await page.mouse.up();
    for (const action of ['zoom-out', 'zoom-out', 'zoom-in', 'fit']) await page.locator(`[data-action="${action}"]`).click();
    await page.waitForTimeout(500);
    const panZoom = await take();
    const sum = (t: number[]) => ({ maxMs: Math.round(Math.max(0, ...t)), over100: t.filter((d) => d > 100).length, count: t.length });
    return { render: sum(render), panZoom: sum(panZoom), boxes };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void (async () => {
    const { scaledTopology } = await import('../unit/picture/fixtures');
    const t = await scaledTopology();
    console.log(`scaled lab: ${t.namespaces.length} namespaces, ${t.devices.length} devices`);
    const r = await pictureWebviewTasks(t);
    console.log(JSON.stringify(r));
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
