// Real Neutron (ML2/OVS, iptables_hybrid), scenario 12 (issue 15 on the hybrid lab): Show Topology on
// the instance port draws its whole path (VM → tap → qbr → qvb ↔ qvo → br-int (tag) → qr- → qrouter →
// qg- → br-int's int-br-ex patch → br-ex → outside; Neutron 21 plugs qg- into br-int) lit; a click on
// the router box reveals its tree row.
import * as assert from 'node:assert/strict';
import { workbench } from '../../support/browser';
import { snap } from '../../support/hooks';
import { svgTextShows } from '../../support/picture';
import { labAlias } from '../../support/lab';
import { neutronLab } from '../../support/neutron';
import { eventually } from '../../support/until';
import { clearWorkbench, contextMenu, openDevStackView, openPath, treeRow, webview } from '../../support/workbench';

function lab() {
  const m = neutronLab('ovs-hybrid');
  const fip = m.floatingIps[0];
  const port = m.instancePorts.find((p) => p.portId === fip?.portId);
  const router = m.routers.find((r) => r.namespace === fip?.namespace);
  if (!fip || !port?.qbr || !port.qvb || !port.qvo || !router) throw new Error('the hybrid lab manifest has no floating IP on a hybrid-plugged port behind a router');
  return { fip, port, router, qbr: port.qbr, qvb: port.qvb, qvo: port.qvo };
}

describe('real Neutron ovs-hybrid: 12. the topology picture', () => {
  it("draws the instance port's path, lit, with the seed's hops and the port's VLAN tag", async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    const { fip, port, router, qbr, qvb, qvo } = lab();
    await contextMenu(page, await openPath(page, labAlias, /^Ports/, port.prefix11), /^Show Topology/);
    const frame = await webview(page, 'svg.picture g.node-vm', 60_000);
    await svgTextShows(frame, 'svg.picture > text.title', `path of port ${port.portId}`);
    for (const name of [port.tap, qbr, qvb, qvo, 'br-int', router.namespace, router.qg.name, 'int-br-ex', 'phy-br-ex', 'br-ex', 'outside', port.fixedIp, fip.floating]) {
      await frame.locator('svg.picture text', { hasText: name }).first().waitFor();
    }
    await frame.locator('svg.picture text', { hasText: /^qr-/ }).first().waitFor();
    await frame.locator('svg.picture text', { hasText: `tag ${port.tag}` }).first().waitFor();
    // Every box of the path is lit; only the floating IP beside the VM is dimmed.
    await eventually(async () => (await frame.locator('g.node.lit').count()) === 6, async () => `lit: ${(await frame.locator('g.node.lit > text.label').allTextContents()).join(', ')}`);
    const lit = await frame.locator('g.node.lit > text.label').allTextContents();
    assert.deepEqual([...lit].sort(), ['br-ex', 'br-int', 'instance', 'outside', qbr, router.namespace].sort());
    const dim = await frame.locator('g.node.dim > text.label').allTextContents();
    assert.deepEqual(dim, [fip.floating], `dimmed: ${dim.join(', ')}`);
    await frame.locator('[data-action="fit"]').click();
    await snap('12 hybrid picture instance port path');
  });

  it('a click on the router box reveals its row in the tree', async () => {
    const page = workbench();
    const { router } = lab();
    const frame = await webview(page, 'svg.picture g.node-namespace');
    await frame.locator('g.node-namespace > text.label', { hasText: router.namespace }).first().click();
    const row = treeRow(page, router.namespace);
    await eventually(async () => (await row.getAttribute('aria-selected')) === 'true', async () => `the ${router.namespace} row is not selected`);
    await snap('12 hybrid picture click reveals the tree row');
  });
});
