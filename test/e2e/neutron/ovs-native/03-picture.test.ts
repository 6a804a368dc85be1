// Real Neutron (ovs-native), scenario 3: Show Topology on the instance port draws its path on this back
// end: the tap plugs straight into br-int (no qbr/qvb/qvo), then qr- → qrouter → qg- → br-ex → outside.
import * as assert from 'node:assert/strict';
import { workbench } from '../../support/browser';
import { snap } from '../../support/hooks';
import { labAlias } from '../../support/lab';
import { neutronLab } from '../../support/neutron';
import { clearWorkbench, contextMenu, openDevStackView, openPath, webview } from '../../support/workbench';

describe('real Neutron ovs-native: 3. the picture of the instance port', () => {
  it('draws tap → br-int → qr- → qrouter → qg- → br-ex → outside, with no hybrid bridge', async () => {
    const m = neutronLab('ovs-native');
    const port = m.instancePorts[0]!;
    const router = m.routers[0]!;
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    await contextMenu(page, await openPath(page, labAlias, /^Ports/, port.prefix11), /^Show Topology/);
    const frame = await webview(page, 'svg.picture g.node-vm', 60_000);
    for (const name of [port.tap, 'br-int', router.qr.name, router.namespace, router.qg.name, 'br-ex', 'outside', port.fixedIp]) {
      await frame.locator('svg.picture text', { hasText: name }).first().waitFor();
    }
    assert.equal(await frame.locator('svg.picture text', { hasText: /^(qbr|qvb|qvo)/ }).count(), 0, 'no hybrid bridge or veth on the native firewall');
    const lit = await frame.locator('g.node.lit').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    for (const box of ['br-int', router.namespace, 'br-ex', 'outside']) assert.ok(lit.some((t) => t.includes(box)), `${box} is lit on the path: ${lit.join(', ')}`);
    await frame.locator('[data-action="fit"]').click();
    await snap('native 3 picture instance port path');
  });
});
