// Real Neutron (ML2/OVS, iptables_hybrid), scenario 10 (issue 16's "Done when" on the hybrid lab):
// Trace packet… tcp/22 from outside to the floating IP is delivered by the port's tcp/22 rule, and
// "Show on picture" lights its path; after the rule is deleted through Neutron's API and the host
// refreshed, the trace shows the fallback drop, the picture marks the qbr where it stops, and "Open at
// rule" opens the chain inspector at the sg-fallback rule. The rule is put back afterwards.
import * as assert from 'node:assert/strict';
import { workbench } from '../../support/browser';
import { snap } from '../../support/hooks';
import { snapMaximized, svgTextShows } from '../../support/picture';
import { labAlias } from '../../support/lab';
import { deleteSshRule, neutronLab, restoreSshRule } from '../../support/neutron';
import { eventually, showsText } from '../../support/until';
import { answerTracePrompts, clearWorkbench, contextMenu, openDevStackView, openPath, viewAction, webview } from '../../support/workbench';
import { ruleIndex } from '../../../lab/sg-rule';

const fallback = 'neutron-openvswi-sg-fallback';

function lab() {
  const m = neutronLab('ovs-hybrid');
  const fip = m.floatingIps[0];
  if (!fip) throw new Error('the hybrid lab has no floating IP');
  const port = m.instancePorts.find((p) => p.portId === fip.portId);
  if (!port?.sgChains || !port.qbr) throw new Error(`the floating IP's port ${fip.portId} has no iptables_hybrid chains in the manifest`);
  return { m, fip, port, chains: port.sgChains, qbr: port.qbr };
}

describe('real Neutron ovs-hybrid: 10. packet trace, on the picture', () => {
  after(async () => {
    const back = await restoreSshRule(neutronLab('ovs-hybrid'));
    assert.equal(back.verdict, 'delivered', `tcp/22 to the floating IP works again once the rule is back: ${back.detail}`);
  });

  it('tcp/22 from outside to the floating IP is delivered, and its path is lit on the picture', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    const { fip, port, chains } = lab();
    await contextMenu(page, await openPath(page, labAlias, /^Namespaces/, fip.namespace), /^Trace packet/);
    await answerTracePrompts(page, 'tcp', fip.floating, '22');

    let trace = await webview(page, 'p.verdict', 90_000);
    // Traced again on a fresh snapshot: scenario 7 re-created the rule, and the agent may have placed it since.
    await trace.locator('#retrace').click();
    trace = await webview(page, 'p.verdict', 90_000);
    const rule = ruleIndex(chains.inbound, /-p tcp .*--dport 22 /);
    await showsText(trace.locator('p.verdict'), `delivered to ${fip.fixed} on ${port.tap}, accepted by ${chains.inbound} rule ${rule} `, 60_000);
    assert.ok(await trace.locator('p.verdict-delivered').count(), 'the verdict is "delivered"');
    await snap('10 hybrid trace tcp 22 from outside delivered');

    await trace.locator('#show-on-picture').click();
    const picture = await webview(page, 'svg.picture g.node-vm', 60_000);
    await svgTextShows(picture, 'svg.picture > text.title', `trace tcp/22 from outside to ${fip.floating}: delivered`);
    // The way in, lit: outside → br-ex → br-int → qrouter (DNAT) → br-int → qvo ↔ qvb → qbr → tap → VM.
    await eventually(async () => (await picture.locator('g.node.lit').count()) === 6, async () => `lit: ${(await picture.locator('g.node.lit > text.label').allInnerTexts()).join(', ')}`);
    const lit = await picture.locator('g.node.lit > text.label').allTextContents();
    for (const name of ['instance', port.qbr!, 'br-int', fip.namespace, 'br-ex', 'outside']) assert.ok(lit.includes(name), `${name} is lit: ${lit.join(', ')}`);
    assert.equal(await picture.locator('g.node.stop').count(), 0, 'a delivered packet stops nowhere');
    assert.ok((await picture.locator('g.edge.lit').count()) >= 6, 'the links between the hops are lit');
    await snapMaximized(page, picture, '10 hybrid trace tcp 22 delivered, path lit on the picture');
  });

  it('after the rule is deleted through the API, the trace shows the fallback drop: stopped at the qbr on the picture, linked to the inspector at that rule', async () => {
    const page = workbench();
    const { m, chains, qbr } = lab();
    const probe = await deleteSshRule(m);
    assert.equal(probe.verdict, 'failed', `a real tcp/22 connect to the floating IP fails once the rule is gone: ${JSON.stringify(probe)}`);
    await viewAction(page, /^Refresh All Hosts/).click();
    let trace = await webview(page, 'p.verdict');
    await trace.locator('#retrace').click();
    trace = await webview(page, 'p.verdict-dropped', 90_000);
    await showsText(trace.locator('p.verdict'), `dropped by ${fallback}: no rule of the security group (${chains.inbound}) allows tcp 22 inbound`);
    const decisive = trace.locator('tr.decisive');
    await showsText(decisive.locator('td.object'), fallback);
    await snap('10 hybrid trace tcp 22 dropped by the fallback');

    await trace.locator('#show-on-picture').click();
    const picture = await webview(page, 'svg.picture text.title', 60_000);
    await svgTextShows(picture, 'svg.picture > text.title', ': dropped');
    await eventually(async () => (await picture.locator('g.node.stop').count()) === 1, () => 'no box is marked where the packet stopped');
    assert.equal(await picture.locator('g.node.stop > text.label').textContent(), qbr, 'it stops at the qbr (the hybrid firewall)');
    assert.match((await picture.locator('g.node-vm').getAttribute('class')) ?? '', /\bdim\b/, 'the VM is not reached');
    await snapMaximized(page, picture, '10 hybrid trace dropped, stopped at the qbr on the picture');

    // The decisive step's own "Picture" link: the same path, with the step's object (the qbr) selected.
    trace = await webview(page, 'tr.decisive');
    await trace.locator('tr.decisive vscode-link[data-action="showOnPicture"]').click();
    await eventually(async () => (await picture.locator('g.node.selected > text.label').first().textContent().catch(() => null)) === qbr, () => `the qbr ${qbr} is not selected on the picture`);

    trace = await webview(page, 'tr.decisive');
    await trace.locator('tr.decisive vscode-link[data-action="openRule"]').click();
    const inspector = await webview(page, `section.chain[data-chain="${fallback}"]`, 60_000);
    const row = inspector.locator(`section.chain[data-chain="${fallback}"] tr.rule.highlighted`);
    await showsText(row.locator('td.target-cell'), 'DROP');
    await snap('10 hybrid trace: the inspector at the sg-fallback rule');
  });
});
