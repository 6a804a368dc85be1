// Scenario 12 (issue 15): Export SVG of the instance port's picture writes a file (code-server's simple
// save dialog, in the workspace; the notification says where), and that file opened in Chromium shows
// the same picture: the same boxes, ports, links and labels as the webview, lit and dimmed alike.
// Runs after scenario 1 (the lab host added and trusted).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { workbench } from '../support/browser';
import { e2e } from '../support/env';
import { screenshotPath, snap } from '../support/hooks';
import { firstRouter, lab, labAlias } from '../support/lab';
import { eventually, showsText } from '../support/until';
import { clearWorkbench, contextMenu, openDevStackView, openPath, quickInput, webview } from '../support/workbench';

const workspace = () => new URL(e2e.url).searchParams.get('folder')!;
const svgFiles = () => fs.readdirSync(workspace()).filter((f) => f.endsWith('.svg'));

/** What a picture shows, in a form both the webview and the file can be read into. */
async function contents(svg: Locator) {
  // No named functions inside: the page has no tsx helpers (__name).
  return svg.evaluate((el) => ({
    nodes: el.querySelectorAll('g.node').length,
    ports: el.querySelectorAll('g.port').length,
    edges: el.querySelectorAll('g.edge').length,
    edgeLabels: Array.from(el.querySelectorAll('text.edge-label')).map((t) => t.textContent ?? '').sort(),
    lit: el.querySelectorAll('g.node.lit').length,
    dim: el.querySelectorAll('g.node.dim').length,
    labels: Array.from(el.querySelectorAll('text.label')).map((t) => t.textContent ?? '').sort(),
  }));
}

describe('12. the picture exported as SVG', () => {
  it('writes the SVG into the workspace and it shows the same picture in Chromium', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    const { port } = firstRouter(lab());
    await contextMenu(page, await openPath(page, labAlias, /^Ports/, port.prefix11), /^Show Topology/);
    const frame = await webview(page, 'svg.picture[data-drawn="true"] g.node-vm', 60_000);
    const shown = await contents(frame.locator('svg.picture').first());
    assert.ok(shown.nodes >= 6 && shown.labels.includes(port.tap), `the webview draws the port path: ${JSON.stringify(shown)}`);

    const before = new Set(svgFiles());
    await frame.locator('[data-action="export-svg"]').click();
    // code-server's simple save dialog proposes topology-<alias>-port.svg in the workspace: accept it.
    const input = quickInput(page).locator('input');
    await eventually(async () => /topology-.*\.svg$/.test(await input.inputValue()), async () => `no SVG file name proposed: ${await input.inputValue().catch(() => '')}`);
    await page.keyboard.press('Enter');
    const name = await eventually(async () => svgFiles().find((f) => !before.has(f)), () => `no SVG written in ${workspace()}`);
    const file = path.join(workspace(), name);
    await showsText(page.locator('.notifications-toasts'), `Topology picture exported as SVG: ${file}`);
    await snap('12 picture exported as SVG');

    // The file alone, in a Chromium tab of its own.
    const tab = await page.context().newPage();
    try {
      await tab.goto(`file://${file}`);
      const exported = await contents(tab.locator('svg.picture').first());
      assert.deepEqual(exported, shown, 'the exported file shows the same boxes, ports, links, lit path and labels');
      await tab.bringToFront(); // a background tab never paints: its screenshot would wait forever
      await tab.screenshot({ path: screenshotPath('12 exported SVG in Chromium') });
    } finally {
      await tab.close();
      await page.bringToFront();
    }
  });
});
