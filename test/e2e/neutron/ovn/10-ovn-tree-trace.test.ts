// Real Neutron (ovn), scenario 10: the OVN group of the tree (switch → instance port → its br-int
// interface), List security groups (the tcp/22 ACL), the router's NAT view (floating ↔ fixed), and
// Trace packet from outside to the floating IP on tcp/22: delivered to the instance port; after the
// rule is deleted through Neutron's API and the host refreshed, dropped at the ACL stage.
// Runs after 00-connect.test.ts (the lab host added and trusted).
import * as assert from 'node:assert/strict';
import { workbench } from '../../support/browser';
import { snap } from '../../support/hooks';
import { labAlias } from '../../support/lab';
import { deleteSshRule, neutronLab, restoreSshRule } from '../../support/neutron';
import { eventually, showsText } from '../../support/until';
import { answerTracePrompts, clearWorkbench, contextMenu, expandRow, openDevStackView, openPath, treeRow, viewAction, webview } from '../../support/workbench';

const vm1 = () => {
  const m = neutronLab('ovn');
  const port = m.instancePorts[0]!;
  const fip = m.floatingIps.find((f) => f.portId === port.portId) ?? m.floatingIps[0]!;
  const network = m.networks.find((n) => n.id === port.network);
  return { m, port, fip, network };
};

describe('real Neutron ovn: 10. the OVN tree, security groups, NAT and Trace packet', () => {
  after(async () => {
    await restoreSshRule(neutronLab('ovn'));
  });

  it('OVN → Logical switches → the private switch → the instance port, linked to its br-int interface', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    const { port } = vm1();
    const row = await openPath(page, labAlias, 'OVN', /^Logical switches/, /^private\b/, new RegExp(`^${port.name}-port|^${port.portId}`));
    await showsText(row, port.fixedIp);
    await expandRow(row);
    const link = treeRow(page, port.tap);
    await link.waitFor();
    await showsText(link, /br-int interface/);
    await snap('ovn 10 tree instance port and its br-int interface');
    await link.click();
    // The link reveals the device row itself (under Devices / the OVS bridge), selected.
    await eventually(
      async () => (await page.locator('.monaco-list-row[aria-selected="true"]').filter({ hasText: port.tap }).count()) > 0,
      () => `no selected ${port.tap} row after clicking the link`,
    );
  });

  it('List security groups on the port shows the tcp/22 ACL in words', async () => {
    const page = workbench();
    await clearWorkbench(page);
    const { port } = vm1();
    await contextMenu(page, treeRow(page, new RegExp(`^${port.name}-port|^${port.portId}`)).first(), /^List security groups/);
    const inspector = await webview(page, 'table.ovn-acls', 60_000);
    const ssh = inspector.locator('table.ovn-acls tr.rule', { hasText: 'tcp.dst == 22' }).first();
    await showsText(ssh.locator('td.explanation'), /allow inbound TCP 22 from anywhere/);
    await showsText(ssh, /allow-related/);
    await snap('ovn 10 security groups tcp 22 ACL');
  });

  it('the NAT view pairs the floating IP with the fixed IP', async () => {
    const page = workbench();
    await clearWorkbench(page);
    const { port, fip } = vm1();
    await openDevStackView(page);
    const router = await openPath(page, labAlias, 'OVN', /^Logical routers/, /^router1\b/);
    await contextMenu(page, router, /^NAT view/);
    const nat = await webview(page, 'table.floating', 60_000);
    const row = nat.locator('table.floating tbody tr', { hasText: fip.floating }).first();
    await showsText(row, port.fixedIp);
    assert.equal(fip.fixed, port.fixedIp, 'the manifest pairs the floating IP with vm1');
    await snap('ovn 10 NAT view floating to fixed');
  });

  it('Trace packet from outside to the floating IP on tcp/22 ends at the instance port; without the rule, dropped at the ACL stage', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    const { m, port, fip } = vm1();
    const router = await openPath(page, labAlias, 'OVN', /^Logical routers/, /^router1\b/);
    await contextMenu(page, router, /^Trace packet/);
    await answerTracePrompts(page, 'tcp', fip.floating, '22');

    let trace = await webview(page, 'p.verdict', 90_000);
    await showsText(trace.locator('p.verdict'), new RegExp(`delivered to ${port.fixedIp.replace(/\./g, '\\.')} on ${port.tap}, allowed by ACL .*tcp\\.dst == 22`));
    await showsText(trace.locator('table'), /lr_in_dnat/);
    await snap('ovn 10 trace tcp 22 from outside delivered');

    const gone = await deleteSshRule(m);
    assert.equal(gone.verdict, 'failed', `a real connect still succeeds after the rule was deleted: ${gone.detail}`);
    await viewAction(page, /^Refresh All Hosts/).click();
    await trace.locator('#retrace').click();
    trace = await webview(page, 'p.verdict-dropped', 90_000);
    await showsText(trace.locator('p.verdict'), /dropped at ls_out_acl on private: no ACL of port group pg_\S+ allows tcp 22 inbound \(neutron_pg_drop\)/);
    const decisive = trace.locator('tr.decisive');
    await showsText(decisive.locator('td.object'), 'neutron_pg_drop');
    await snap('ovn 10 trace tcp 22 dropped at the ACL stage');

    // The decisive ACL step opens the port's security groups: no tcp/22 ACL left, neutron_pg_drop's drop.
    await decisive.locator('vscode-link[data-action="openOvn"]').click();
    const inspector = await webview(page, 'table.ovn-acls', 60_000);
    await showsText(inspector.locator('table.ovn-acls tr.rule', { hasText: 'drop everything else inbound' }).first(), /drop everything else inbound: neutron_pg_drop/);
    await eventually(async () => (await inspector.locator('table.ovn-acls tr.rule', { hasText: 'tcp.dst == 22' }).count()) === 0, () => 'the deleted tcp/22 ACL is still listed');
    await snap('ovn 10 trace decisive ACL opens the security groups');
  });
});
