// Scenario 10: Show topology on the instance port draws its whole path (VM → tap → qbr → qvb ↔
// qvo → br-int → qr- → qrouter → qg- → br-ex → outside) lit; a click on the router box reveals
// its tree row; the exported SVG opens in Chromium and shows the same boxes.
// Runs after scenario 1 (the lab host added and trusted).
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { workbench } from '../support/browser';
import { screenshotPath, snap } from '../support/hooks';
import { e2e } from '../support/env';
import { firstRouter, lab, labAlias } from '../support/lab';
import { eventually, showsText } from '../support/until';
import { clearWorkbench, contextMenu, openDevStackView, openPath, quickInput, treeRow, webview } from '../support/workbench';

describe('10. the topology picture', () => {
  it("draws the instance port's path, lit, with the seed's hops", async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    const { port, router } = firstRouter(lab());
    await contextMenu(page, await openPath(page, labAlias, /^Ports/, port.prefix11), /^Show Topology/);
    const frame = await webview(page, 'svg.picture g.node-vm', 60_000);
    const svg = frame.locator('svg.picture');
    for (const name of [port.tap, port.qbr, port.qvb, port.qvo, 'br-int', router.qr.name, router.namespace, router.qg.name, 'br-ex', 'outside', port.fixedIp]) {
      await showsText(svg, name);
    }
    // Every box of the path is lit; only the floating IP beside the VM is dimmed.
    const lit = await frame.locator('g.node.lit').count();
    const dim = await frame.locator('g.node.dim text.label').allInnerTexts();
    assert.equal(lit, 6, 'VM, qbr, br-int, qrouter, br-ex, outside');
    assert.equal(dim.length, 1, `dimmed: ${dim.join(', ')}`);
    await frame.locator('[data-action="fit"]').click();
    await snap('10-picture instance port path');
  });

  it('a click on the router box reveals its row in the tree', async () => {
    const page = workbench();
    const { router } = firstRouter(lab());
    const frame = await webview(page, 'svg.picture g.node-namespace');
    await frame.locator('g.node-namespace > text.label').first().click();
    const row = treeRow(page, router.namespace);
    await eventually(async () => (await row.getAttribute('aria-selected')) === 'true', async () => `the ${router.namespace} row is not selected`);
    await snap('10-picture click reveals the tree row');
  });

  it('exports the view as SVG, which Chromium opens and shows with the same boxes', async () => {
    const page = workbench();
    const { port, router } = firstRouter(lab());
    const out = path.join(e2e.artifacts, 'export');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const file = path.join(out, 'topology.svg');
    const frame = await webview(page, 'svg.picture');
    await frame.locator('[data-action="export-svg"]').click();
    // code-server's save dialog is the simple file dialog: a path in the quick input.
    const input = quickInput(page).locator('input');
    await input.waitFor();
    await input.fill(file);
    await page.keyboard.press('Enter');
    await eventually(async () => existsSync(file), () => `${file} was not written`);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);

    const viewer = await page.context().newPage();
    try {
      await viewer.goto(`file://${file}`);
      const shown = viewer.locator('svg.picture');
      for (const name of [port.tap, port.qbr, port.qvo, 'br-int', router.namespace, 'br-ex', 'outside']) {
        assert.ok((await shown.locator('text', { hasText: name }).count()) > 0, `the exported SVG shows ${name}`);
      }
      assert.equal(await viewer.locator('svg.picture g.node').count(), 7);
      await viewer.screenshot({ path: screenshotPath('10-picture exported svg in chromium') });
    } finally {
      await viewer.close();
    }
  });
});
