// Scenario 3: List iptables on the qrouter namespace: the NAT view pairs floating and fixed IPs.
import * as assert from 'node:assert/strict';
import { workbench } from '../support/browser';
import { firstRouter, lab, labAlias } from '../support/lab';
import { showsText } from '../support/until';
import { clearWorkbench, contextMenu, openDevStackView, openPath, webview } from '../support/workbench';

describe('3. List iptables on the qrouter namespace', () => {
  it('the NAT view shows the floating IP ↔ fixed IP pair of the lab', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    const { router, floating } = firstRouter(lab());
    assert.ok(floating, `the lab has a floating IP in ${router.namespace}`);

    await contextMenu(page, await openPath(page, labAlias, /^Namespaces/, router.namespace), /^List iptables/);
    const inspector = await webview(page, 'td.floating-ip');
    await showsText(inspector.locator('h2').first(), `NAT of ${router.namespace}`);
    const pair = inspector.locator('tr').filter({ has: inspector.locator('td.floating-ip', { hasText: floating.floating }) });
    await showsText(pair.locator('td.fixed-ip'), floating.fixed);
  });
});
