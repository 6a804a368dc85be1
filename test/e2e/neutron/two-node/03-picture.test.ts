// The two-node lab, scenario 3: the live deployment picture. "Show Path Across Hosts" on the instance's port
// (bound to the compute) draws both hosts as boxes and lights its way from the compute's tap through the tunnel
// to the controller's router, in one picture; "Show Deployment Picture" on the deployment row draws the hosts
// and the tunnel between their ports, labelled with both underlay addresses.
import * as assert from 'node:assert/strict';
import { tunnelLinkId } from '../../../../src/core/picture/deployment';
import { ids } from '../../../../src/core/view/ids';
import { workbench } from '../../support/browser';
import { snapMaximized, svgTextShows } from '../../support/picture';
import { twoNodeLab, type TwoNodeFacts } from '../../support/two-node';
import { clearWorkbench, collapseRow, contextMenu, openDevStackView, openPathUnder, treeRow, webview } from '../../support/workbench';

const tunnelLink = (f: TwoNodeFacts) => tunnelLinkId(ids.ovsPort(f.controller.alias, f.controller.tunnel.bridge, f.controller.tunnel.name), ids.ovsPort(f.compute.alias, f.compute.tunnel.bridge, f.compute.tunnel.name));

/**
 * What the path across hosts lights, by element id (the tree's ids, src/core/view/ids.ts): on the compute the box
 * holding the instance's tap; on the controller, ML2/OVS: the qrouter holding the router's qr- port; OVN
 * (src/core/backends/ovn/deployment-path.ts): br-int, where the logical router's gateway port runs on the
 * gateway chassis, with its patch to br-ex.
 */
function litAcross(f: TwoNodeFacts): { readonly what: string; readonly box: string; readonly port: string | null }[] {
  const { controller: ctl, compute: cmp, instance: vm } = f;
  const tap = vm.qbr !== null
    ? { what: `${cmp.alias}'s ${vm.tap} on ${vm.qbr}`, box: ids.linuxBridge(cmp.alias, null, vm.qbr), port: ids.bridgeMember(cmp.alias, null, vm.qbr, vm.tap) }
    : { what: `${cmp.alias}'s ${vm.tap} on br-int`, box: ids.ovsBridge(cmp.alias, 'br-int'), port: ids.ovsPort(cmp.alias, 'br-int', vm.tap) };
  if (f.router === null) {
    return [tap, { what: `${ctl.alias}'s br-int (the logical router's gateway port)`, box: ids.ovsBridge(ctl.alias, 'br-int'), port: null }, { what: `${ctl.alias}'s br-ex`, box: ids.ovsBridge(ctl.alias, 'br-ex'), port: null }];
  }
  const qr = f.router.qr.name;
  return [tap, { what: `${ctl.alias}'s ${qr} in ${f.router.namespace}`, box: ids.namespace(ctl.alias, f.router.namespace), port: ids.device(ctl.alias, { namespace: f.router.namespace, name: qr }) }];
}

describe('two-node lab: 3. the deployment picture', () => {
  it("Show Path Across Hosts on the compute's instance port lights its way through the tunnel to the controller's router", async () => {
    const page = workbench();
    const f = twoNodeLab();
    await clearWorkbench(page);
    await openDevStackView(page);
    await collapseRow(treeRow(page, 'Deployment lab'));
    for (const node of [f.controller, f.compute]) await collapseRow(treeRow(page, node.alias));
    const port = await openPathUnder(page, treeRow(page, f.compute.alias), /^Ports/, f.instance.prefix11);
    await contextMenu(page, port, /^Show Path Across Hosts/);
    const frame = await webview(page, 'svg.picture g.cluster', 60_000);
    await svgTextShows(frame, 'svg.picture > text.title', `lab: path of port ${f.instance.portId}`);
    await frame.locator('svg.picture[data-drawn="true"]').waitFor({ timeout: 60_000 });
    for (const node of [f.controller, f.compute]) await frame.locator(`g.cluster[data-id="${ids.host(node.alias)}"]`).waitFor();
    for (const lit of litAcross(f)) {
      const box = frame.locator(`g.node[data-id="${lit.box}"]`);
      assert.match((await box.getAttribute('class')) ?? '', /\blit\b/, `${lit.what}: its box is lit`);
      if (lit.port !== null) assert.equal(await box.locator(`g.port[data-id="${lit.port}"]`).count(), 1, `${lit.what}: the port is drawn in it`);
    }
    const tunnel = frame.locator(`g.edge[data-id="${tunnelLink(f)}"]`);
    assert.match((await tunnel.getAttribute('class')) ?? '', /\blit\b/, 'the tunnel link between the hosts is lit');
    const bothHosts = await frame.locator('g.node.lit').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
    for (const node of [f.controller, f.compute]) assert.ok(bothHosts.some((id) => id.startsWith(`${ids.host(node.alias)}/`)), `lit boxes on ${node.alias}: ${bothHosts.join(', ')}`);
    await snapMaximized(page, frame, `two-node ${f.backend} path across hosts lit`);
  });

  it('Show Deployment Picture on the deployment row draws both hosts and the tunnel between their ports', async () => {
    const page = workbench();
    const f = twoNodeLab();
    await clearWorkbench(page);
    await openDevStackView(page);
    await contextMenu(page, treeRow(page, 'Deployment lab'), /^Show Deployment Picture/);
    const frame = await webview(page, 'svg.picture g.cluster', 60_000);
    await svgTextShows(frame, 'svg.picture > text.title', `lab: ${f.controller.alias}, ${f.compute.alias}`);
    await frame.locator('svg.picture[data-drawn="true"]').waitFor({ timeout: 60_000 });
    const tunnel = frame.locator(`g.edge[data-id="${tunnelLink(f)}"]`);
    await tunnel.waitFor();
    const label = (await tunnel.textContent()) ?? '';
    for (const node of [f.controller, f.compute]) assert.ok(label.includes(node.underlayIp), `the tunnel is labelled with ${node.underlayIp}: ${label}`);
    for (const node of [f.controller, f.compute]) {
      const port = frame.locator(`g.port[data-id="${ids.ovsPort(node.alias, node.tunnel.bridge, node.tunnel.name)}"]`);
      assert.equal(await port.count(), 1, `${node.alias}'s ${node.tunnel.name} is drawn`);
    }
    await snapMaximized(page, frame, `two-node ${f.backend} deployment picture`);
  });
});
