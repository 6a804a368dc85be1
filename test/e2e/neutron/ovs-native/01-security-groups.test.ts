// Real Neutron (ovs-native), scenario 1: "List security groups" on the instance port opens the flow inspector's
// security-group view (the native firewall's flows of br-int): the tcp/22 allow flows are there; after the
// rule is deleted through Neutron's API and the panel refreshed, they are gone. The rule is put back after.
import { workbench } from '../../support/browser';
import { snap } from '../../support/hooks';
import { labAlias } from '../../support/lab';
import { deleteSshRule, neutronLab, restoreSshRule } from '../../support/neutron';
import { eventually, showsText } from '../../support/until';
import { clearWorkbench, contextMenu, openDevStackView, openPath, webview } from '../../support/workbench';

describe('real Neutron ovs-native: 1. security groups as OpenFlow flows', () => {
  after(async () => {
    await restoreSshRule(neutronLab('ovs-native'));
  });

  it('shows the tcp/22 allow flows of the instance port; deleting the rule through the API and refreshing removes them', async () => {
    const m = neutronLab('ovs-native');
    const port = m.instancePorts[0]!;
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    await contextMenu(page, await openPath(page, labAlias, /^Ports/, port.prefix11), /^List security groups/);

    const frame = await webview(page, 'td.explanation', 60_000);
    await showsText(frame.locator('h2', { hasText: 'Security groups of' }).first(), `Security groups of ${port.tap} (native OVS firewall)`);
    const ssh = frame.locator('tr.rule', { hasText: /allow inbound TCP 22\b/ });
    await eventually(async () => (await ssh.count()) >= 1, async () => `no tcp/22 allow flow: ${await frame.locator('main').innerText()}`);
    await showsText(ssh.first().locator('td.target'), 'allow');
    await showsText(frame.locator('p.explanation'), 'the same security group');
    await ssh.first().scrollIntoViewIfNeeded();
    await snap('native 1 security groups tcp 22 allowed');

    const gone = await deleteSshRule(m);
    if (gone.verdict !== 'failed') throw new Error(`tcp/22 to the floating IP still connects after the rule was deleted: ${gone.detail}`);
    await frame.locator('[data-action="refresh"]').first().click();
    await eventually(async () => (await ssh.count()) === 0, async () => `the tcp/22 allow flows are still shown after the refresh: ${await ssh.allInnerTexts()}`, 30_000);
    const icmp = frame.locator('tr.rule', { hasText: /allow inbound ICMP/ });
    await eventually(async () => (await icmp.count()) >= 1, async () => 'the icmp rule should stay');
    await icmp.first().scrollIntoViewIfNeeded();
    await snap('native 1 security groups tcp 22 rule deleted');
  });
});
