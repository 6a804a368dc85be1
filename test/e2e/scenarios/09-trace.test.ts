// Scenario 9: Trace packet… from outside to the floating IP: tcp/22 is delivered by the port's tcp/22
// rule; after that rule is removed and the host refreshed, the trace shows the fallback drop, and its
// "Open at rule" opens the chain inspector at the sg-fallback rule.
import * as assert from 'node:assert/strict';
import { workbench } from '../support/browser';
import { snap } from '../support/hooks';
import { firstRouter, lab, labAlias } from '../support/lab';
import { showsText } from '../support/until';
import { answerTracePrompts, clearWorkbench, contextMenu, openDevStackView, openPath, viewAction, webview } from '../support/workbench';
import { addAgentNormalFlow, removeAgentNormalFlow, removeSshRule, restoreSshRule, ruleIndex } from '../../lab/sg-rule';

const fallback = 'neutron-openvswi-sg-fallback';

describe('9. Trace packet', () => {
  // The fast lab's br-int has no flows (no OVS agent): give it the agent's NORMAL flow, as ofproto/trace follows the real tables.
  before(() => addAgentNormalFlow());
  after(() => {
    restoreSshRule(lab());
    removeAgentNormalFlow();
  });

  it('tcp/22 from outside to the floating IP is delivered; without the rule it is dropped by the fallback, linked to the inspector', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    const { router, floating, port } = firstRouter(lab());
    assert.ok(floating, `the lab has a floating IP in ${router.namespace}`);

    await contextMenu(page, await openPath(page, labAlias, /^Namespaces/, router.namespace), /^Trace packet/);
    await answerTracePrompts(page, 'tcp', floating.floating, '22');

    let trace = await webview(page, 'p.verdict', 60_000);
    await showsText(trace.locator('p.verdict'), `delivered to ${floating.fixed} on ${port.tap}, accepted by ${port.sgChains.inbound} rule ${ruleIndex(port.sgChains.inbound, /-p tcp .*--dport 22 /)} `);
    await snap('9 trace tcp 22 from outside delivered');

    removeSshRule(lab());
    await viewAction(page, /^Refresh All Hosts/).click();
    await trace.locator('#retrace').click();
    trace = await webview(page, 'p.verdict-dropped', 60_000);
    await showsText(trace.locator('p.verdict'), `dropped by ${fallback}: no rule of the security group (${port.sgChains.inbound}) allows tcp 22 inbound`);
    const decisive = trace.locator('tr.decisive');
    await showsText(decisive.locator('td.object'), fallback);
    await snap('9 trace tcp 22 dropped by the fallback');

    await decisive.locator('vscode-link[data-action="openRule"]').click();
    const inspector = await webview(page, `section.chain[data-chain="${fallback}"]`);
    const row = inspector.locator(`section.chain[data-chain="${fallback}"] tr.rule.highlighted`);
    await showsText(row.locator('td.target-cell'), 'DROP');
  });
});
