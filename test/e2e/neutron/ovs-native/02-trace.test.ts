// Real Neutron (ovs-native), scenario 2: Trace packet… from outside (the qrouter's "from outside" source:
// the host behind br-ex) to the floating IP on tcp/22 follows br-ex → int-br-ex → qg- → DNAT → qr- → br-int
// tables 60–82 into the instance's tap, accepted by the native firewall's tcp/22 flow; after the rule is
// deleted through Neutron's API and the host refreshed, the retrace is dropped in table 82 → 93, and the
// deciding step's "Open flows" opens the port's security groups. Every OpenFlow step is the real ofproto/trace.
import { workbench } from '../../support/browser';
import { snap } from '../../support/hooks';
import { labAlias } from '../../support/lab';
import { deleteSshRule, neutronLab, restoreSshRule } from '../../support/neutron';
import { eventually, showsText } from '../../support/until';
import { answerTracePrompts, clearWorkbench, contextMenu, openDevStackView, openPath, viewAction, webview } from '../../support/workbench';

describe('real Neutron ovs-native: 2. Trace packet from outside to the floating IP', () => {
  after(async () => {
    await restoreSshRule(neutronLab('ovs-native'));
  });

  it('tcp/22 is delivered into the tap by the tcp/22 flow; without the rule it is dropped in table 82', async () => {
    const m = neutronLab('ovs-native');
    const port = m.instancePorts[0]!;
    const fip = m.floatingIps[0]!;
    const router = m.routers[0]!;
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    await restoreSshRule(m);

    await contextMenu(page, await openPath(page, labAlias, /^Namespaces/, router.namespace), /^Trace packet/);
    await answerTracePrompts(page, 'tcp', fip.floating, '22');

    let trace = await webview(page, 'p.verdict', 90_000);
    await showsText(trace.locator('p.verdict'), `delivered to ${fip.fixed} on ${port.tap}, accepted by br-int table 82 flow`, 60_000);
    await showsText(trace.locator('p.verdict'), /allow inbound TCP 22/);
    // The path: br-ex, the router's DNAT, and the native firewall's tables up to the tap.
    for (const [hop, text] of [['DNAT', `${fip.floating} → ${fip.fixed}`], ['table 82', 'tp_dst=22'], ['tap', port.tap]] as const) {
      const row = trace.locator('tr', { hasText: hop }).filter({ hasText: text });
      await eventually(async () => (await row.count()) >= 1, async () => `no ${hop} step mentioning ${text}`);
    }
    await showsText(trace.locator('tr.decisive td.hop'), 'table 82');
    await showsText(trace.locator('tr.decisive td.detail'), /ct_state=\+new-est,tcp,reg5=0x[0-9a-f]+,tp_dst=22/);
    await snap('native 2 trace tcp 22 from outside delivered');
    await trace.locator('tr.decisive').scrollIntoViewIfNeeded();
    await snap('native 2 trace tcp 22 delivered, the deciding flow');

    const gone = await deleteSshRule(m);
    if (gone.verdict !== 'failed') throw new Error(`tcp/22 still connects after the rule was deleted: ${gone.detail}`);
    await viewAction(page, /^Refresh All Hosts/).click();
    await trace.locator('#retrace').click();
    trace = await webview(page, 'p.verdict-dropped', 90_000);
    await showsText(trace.locator('p.verdict'), `dropped by br-int table 82`);
    await showsText(trace.locator('p.verdict'), `no rule of the security group of ${port.tap} allows tcp 22 inbound`);
    await showsText(trace.locator('tr.decisive td.detail'), /priority 40 ct_state=-est,reg5=0x[0-9a-f]+ → resubmit\(,93\)/);
    await snap('native 2 trace tcp 22 dropped in table 82');
    await trace.locator('tr.decisive').scrollIntoViewIfNeeded();
    await snap('native 2 trace tcp 22 dropped, the deciding flow');

    // "Open flows" on the deciding step opens the flow inspector at the port's security groups, tcp/22 gone.
    await trace.locator('tr.decisive vscode-link[data-action="openFlows"]').click();
    const flows = await webview(page, 'td.explanation', 60_000);
    await showsText(flows.locator('h2', { hasText: 'Security groups of' }).first(), `Security groups of ${port.tap}`);
    await eventually(async () => (await flows.locator('tr.rule', { hasText: /allow inbound TCP 22\b/ }).count()) === 0, async () => 'the deleted tcp/22 rule is still shown');
    await flows.locator('h3', { hasText: 'Inbound: to the instance' }).scrollIntoViewIfNeeded();
    await snap('native 2 trace open flows at the port security groups');
  });
});
