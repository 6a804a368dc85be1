// Scenario 13 (issue 15), on the SCALED fast lab only (so in scenarios/scaled/, outside the default run's
// scenarios/*.test.ts; mocha sorts it after 01, which adds the host):
//   E2E_LAB_ARGS="--routers 100 --networks 100 --instances 200 --floating 100" npm run test:e2e -- \
//     test/e2e/scenarios/01-first-connect.test.ts test/e2e/scenarios/scaled/13-scaled-picture.test.ts
// The whole host, clustered (namespaces of a kind folded), then every group unfolded (200 namespaces).
// The webview's long tasks (PerformanceObserver 'longtask' in the picture's own frame) while the unfolded
// picture renders and while it is panned and zoomed are REPORTED (console and
// test/e2e/artifacts/picture-longtasks.json), never asserted: timings belong to the bench.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { workbench } from '../../support/browser';
import { e2e } from '../../support/env';
import { snap } from '../../support/hooks';
import { lab, labAlias } from '../../support/lab';
import { eventually } from '../../support/until';
import { clearWorkbench, contextMenu, openDevStackView, openPath, treeRow, webview } from '../../support/workbench';

interface LongTask { readonly duration: number; readonly name: string; readonly start: number }
type Watched = Window & { __longTasks?: LongTask[] };

/** The picture webview's own frame (a Frame, to evaluate in it). */
async function pictureFrame(page: Page): Promise<Frame> {
  return eventually(async () => {
    for (const f of page.frames()) if (await f.locator('svg.picture').count().catch(() => 0)) return f;
    return undefined;
  }, () => 'no frame shows svg.picture');
}

async function watchLongTasks(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const w = window as Watched;
    if (w.__longTasks) return void (w.__longTasks = []);
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks!.push({ duration: e.duration, name: e.name, start: e.startTime });
    }).observe({ type: 'longtask' });
  });
}

async function takeLongTasks(frame: Frame): Promise<LongTask[]> {
  await frame.waitForTimeout(500); // entries are delivered after the task
  return frame.evaluate(() => {
    const w = window as Watched;
    const out = w.__longTasks ?? [];
    w.__longTasks = [];
    return out;
  });
}

function summary(tasks: readonly LongTask[]) {
  const own = tasks.filter((t) => t.name === 'self');
  const round = (n: number) => Math.round(n);
  return {
    count: tasks.length,
    maxMs: round(Math.max(0, ...tasks.map((t) => t.duration))),
    ownCount: own.length,
    ownMaxMs: round(Math.max(0, ...own.map((t) => t.duration))),
    over100: tasks.filter((t) => t.duration > 100).map((t) => `${round(t.duration)} ms (${t.name})`),
  };
}

/** Clicks `action` and waits until a NEW picture is fully drawn (every batch in). */
async function redrawAfter(frame: Frame, action: () => Promise<void>): Promise<void> {
  await frame.locator('svg.picture').first().evaluate((el) => el.setAttribute('data-old', ''));
  await action();
  await frame.locator('svg.picture[data-drawn="true"]:not([data-old])').waitFor({ timeout: 120_000 });
}

describe('13. the whole scaled lab in the picture', function () {
  this.timeout(600_000);

  it('draws the whole host clustered, then every group unfolded; reports the long tasks of the webview', async () => {
    const manifest = lab();
    assert.ok(manifest.namespaces.length >= 200, `this scenario needs the scaled lab (E2E_LAB_ARGS), the lab has ${manifest.namespaces.length} namespaces`);
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    await openPath(page, labAlias, /^Namespaces/); // connected and loaded
    await contextMenu(page, treeRow(page, labAlias), /^Show Topology/);
    await webview(page, 'svg.picture[data-drawn="true"] g.node-cluster', 120_000);
    let frame = await pictureFrame(page);
    const clustered = await frame.locator('g.node').count();
    const clusters = await frame.locator('g.node-cluster > text.label').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    assert.ok(clusters.length >= 2, `namespaces of a kind are folded into clusters: ${clusters.join(', ')}`);
    await frame.locator('[data-action="fit"]').click();
    await snap('13 whole scaled lab clustered');

    // Unfold group after group; the long tasks of every render are kept.
    await watchLongTasks(frame);
    const renderTasks: LongTask[] = [];
    for (let i = 0; i < 10; i++) {
      const folded = frame.locator('vscode-button[data-action="toggle-group"][appearance="secondary"]');
      if ((await folded.count()) === 0) break;
      await redrawAfter(frame, () => folded.first().click());
      renderTasks.push(...(await takeLongTasks(frame)));
    }
    frame = await pictureFrame(page);
    const namespaces = await frame.locator('g.node-namespace').count();
    const nodes = await frame.locator('g.node').count();
    assert.ok(namespaces >= 200, `every namespace drawn once unfolded: ${namespaces}`);
    await snap('13 whole scaled lab unfolded');

    // Pan and zoom the unfolded picture: wheel zooms at the pointer, a drag pans, the buttons zoom.
    await watchLongTasks(frame);
    const stage = frame.locator('#stage');
    const box = (await stage.boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy);
    for (let i = 0; i < 8; i++) {
      await page.mouse.wheel(0, -240);
      await page.waitForTimeout(50);
    }
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(cx - i * 30, cy - i * 15);
    await page.mouse.up();
    for (const action of ['zoom-out', 'zoom-out', 'zoom-in', 'fit']) await frame.locator(`[data-action="${action}"]`).click();
    const panZoomTasks = await takeLongTasks(frame);
    await snap('13 whole scaled lab after pan and zoom');

    const report = {
      lab: { namespaces: manifest.namespaces.length, devices: manifest.devices.length },
      picture: { clusteredBoxes: clustered, clusters, unfoldedBoxes: nodes, unfoldedNamespaces: namespaces },
      longTasks: { render: summary(renderTasks), panZoom: summary(panZoomTasks) },
    };
    writeFileSync(path.join(e2e.artifacts, 'picture-longtasks.json'), JSON.stringify({ ...report, raw: { render: renderTasks, panZoom: panZoomTasks } }, null, 2));
    console.log(`      picture long tasks: ${JSON.stringify(report)}`);
  });
});
