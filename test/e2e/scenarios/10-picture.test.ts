// Scenario 10: Show topology on the instance port draws its whole path (VM → tap → qbr → qvb ↔
// qvo → br-int → qr- → qrouter → qg- → br-ex → outside) lit; a click on the router box reveals
// its tree row. (Export through code-server's save dialog is not covered yet.)
// Runs after scenario 1 (the lab host added and trusted).
import * as assert from 'node:assert/strict';
import { workbench } from '../support/browser';
import { snap } from '../support/hooks';
import { firstRouter, lab, labAlias } from '../support/lab';
import { eventually } from '../support/until';
import { clearWorkbench, contextMenu, openDevStackView, openPath, treeRow, webview } from '../support/workbench';

describe('10. the topology picture', () => {
  it("draws the instance port's path, lit, with the seed's hops", async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    const { port, router } = firstRouter(lab());
    await contextMenu(page, await openPath(page, labAlias, /^Ports/, port.prefix11), /^Show Topology/);
    const frame = await webview(page, 'svg.picture g.node-vm', 60_000);
    // SVG elements have no innerText: look for the text elements themselves.
    for (const name of [port.tap, port.qbr, port.qvb, port.qvo, 'br-int', router.qr.name, router.namespace, router.qg.name, 'br-ex', 'outside', port.fixedIp]) {
      await frame.locator('svg.picture text', { hasText: name }).first().waitFor();
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
});
