// Scenario 4: List iptables on the instance port: the inbound security-group chain shows the
// ssh and ping rules, and its jump to the fallback chain can be followed.
import { workbench } from '../support/browser';
import { firstRouter, lab, labAlias } from '../support/lab';
import { eventually, showsText } from '../support/until';
import { clearWorkbench, contextMenu, openDevStackView, openPath, webview } from '../support/workbench';

const fallback = 'neutron-openvswi-sg-fallback';

describe('4. List iptables on the instance port', () => {
  it('the inbound chain shows the tcp/22 and icmp rules; the fallback jump can be followed', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    const { port } = firstRouter(lab());
    await contextMenu(page, await openPath(page, labAlias, /^Ports/, port.prefix11), /^List iptables/);

    const inspector = await webview(page, `section.chain[data-chain="${port.sgChains.inbound}"]`);
    const inbound = inspector.locator(`section.chain[data-chain="${port.sgChains.inbound}"]`);
    await showsText(inbound.locator('.chain-heading'), `Inbound (to the instance): ${port.sgChains.inbound}`);
    const rules = inbound.locator('tbody tr');
    const ssh = rules.filter({ has: inspector.locator('td', { hasText: /^tcp$/ }) }).filter({ has: inspector.locator('td.ports', { hasText: /\b22\b/ }) });
    const ping = rules.filter({ has: inspector.locator('td', { hasText: /^icmp$/ }) });
    await eventually(async () => (await ssh.count()) === 1 && (await ping.count()) >= 1, async () => `no tcp/22 and icmp rules in ${port.sgChains.inbound}: ${await inbound.innerText()}`);

    await inbound.locator(`tbody button.chain-link[data-chain="${fallback}"]`).first().click();
    const chain = inspector.locator(`section.chain[data-chain="${fallback}"]`);
    await showsText(chain.locator('h2.chain-heading'), `Chain ${fallback}`);
    await showsText(chain.locator('td.target-cell'), 'DROP');
  });
});
