// The two-node lab, scenario 4: Trace packet… tcp/22 from outside to the floating IP (the router on the
// controller, the instance on the compute) crosses the tunnel and is delivered to the instance's port on the
// compute, with steps on both hosts; a real TCP connect from outside agrees. With the tcp/22 rule deleted
// through Neutron's API the trace is dropped at the compute's firewall, and the real connect fails too.
// The rule is put back afterwards.
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { probe } from '../../../lab/neutron/probe';
import { workbench } from '../../support/browser';
import { snap } from '../../support/hooks';
import { deleteSshRule, restoreSshRule } from '../../support/neutron';
import { twoNodeLab, type TwoNodeFacts } from '../../support/two-node';
import { showsText } from '../../support/until';
import { answerTracePrompts, clearWorkbench, collapseRow, contextMenu, openDevStackView, openPathUnder, treeRow, viewAction, webview } from '../../support/workbench';

/** The steps' hops as "<host>: <object>" (a step without a host is on the host the trace started on). */
async function stepsByHost(trace: FrameLocator, start: string): Promise<{ host: string; object: string; detail: string }[]> {
  return trace.locator('tr.step').evaluateAll((rows, first) => rows.map((r) => ({
    host: (r.querySelector('td.hop small.host')?.textContent ?? '').replace(/^\s*on\s+/, '').trim() || first,
    object: r.querySelector('td.object code')?.textContent ?? '',
    detail: r.querySelector('td.detail')?.textContent ?? '',
  })), start);
}

/**
 * Trace packet… on the controller, where the floating IP is: from its router namespace (ML2/OVS) or its logical
 * router row (OVN, as test/e2e/neutron/ovn/10 does): tcp/22 from outside to the floating IP.
 */
async function traceSshToFloatingIp(f: TwoNodeFacts): Promise<FrameLocator> {
  const page = workbench();
  await clearWorkbench(page);
  await openDevStackView(page);
  await collapseRow(treeRow(page, 'Deployment lab'));
  for (const node of [f.controller, f.compute]) await collapseRow(treeRow(page, node.alias));
  const host = treeRow(page, f.controller.alias);
  const from = f.router !== null ? await openPathUnder(page, host, /^Namespaces/, f.router.namespace) : await openPathUnder(page, host, 'OVN', /^Logical routers/, /^router1\b/);
  await contextMenu(page, from, /^Trace packet/);
  await answerTracePrompts(page, 'tcp', f.floating.floating, '22');
  return webview(page, 'p.verdict', 90_000);
}

const outsideSsh = (f: TwoNodeFacts) => probe({ from: 'root', to: f.floating.floating, proto: 'tcp', port: 22 });

describe('two-node lab: 4. a packet trace across the tunnel, checked by a real probe', () => {
  after(async () => {
    const back = await restoreSshRule(twoNodeLab().m);
    assert.equal(back.verdict, 'delivered', `tcp/22 to the floating IP works again once the rule is back: ${back.detail}`);
  });

  it("tcp/22 from outside to the floating IP is delivered to the instance's port on the compute, with steps on both hosts; a real connect agrees", async () => {
    const f = twoNodeLab();
    const trace = await traceSshToFloatingIp(f);
    await showsText(trace.locator('p.verdict'), `delivered to ${f.floating.fixed} on ${f.instance.tap}`, 90_000);
    assert.ok(await trace.locator('p.verdict-delivered').count(), 'the verdict is "delivered"');
    const steps = await stepsByHost(trace, f.controller.alias);
    for (const node of [f.controller, f.compute]) assert.ok(steps.some((s) => s.host === node.alias), `steps on ${node.alias}: ${JSON.stringify(steps)}`);
    for (const node of [f.controller, f.compute]) {
      assert.ok(steps.some((s) => s.host === node.alias && (s.object === node.tunnel.name || s.detail.includes(node.tunnel.name))), `a step on ${node.alias} names its tunnel port ${node.tunnel.name}: ${JSON.stringify(steps)}`);
    }
    assert.ok(steps.some((s) => s.host === f.compute.alias && s.object === f.instance.tap), `the tap ${f.instance.tap} is reached on ${f.compute.alias}`);
    await snap(`two-node ${f.backend} trace tcp 22 delivered across the tunnel`);
    const real = outsideSsh(f);
    assert.equal(real.verdict, 'delivered', `a real tcp/22 connect from outside to ${f.floating.floating}: ${real.detail}`);
  });

  it("with the tcp/22 rule deleted through the API, the trace is dropped at the compute's firewall, and a real connect fails", async () => {
    const page = workbench();
    const f = twoNodeLab();
    const gone = await deleteSshRule(f.m);
    assert.equal(gone.verdict, 'failed', `a real tcp/22 connect to the floating IP fails once the rule is gone: ${gone.detail}`);
    await viewAction(page, /^Refresh All Hosts/).click();
    let trace = await webview(page, 'p.verdict');
    await trace.locator('#retrace').click();
    trace = await webview(page, 'p.verdict-dropped', 90_000);
    const decisive = trace.locator('tr.decisive');
    await decisive.waitFor();
    const host = ((await decisive.locator('td.hop small.host').textContent().catch(() => null)) ?? '').replace(/^\s*on\s+/, '').trim();
    assert.equal(host, f.compute.alias, `the decisive step is on the compute: ${await decisive.innerText()}`);
    await snap(`two-node ${f.backend} trace tcp 22 dropped at the compute's firewall`);
    assert.equal(outsideSsh(f).verdict, 'failed', 'a real tcp/22 connect from outside fails too');
  });
});
