// Scenario 2: the sidebar shows what is inside the qrouter and qdhcp namespaces.
import { workbench } from '../support/browser';
import { firstRouter, lab, labAlias } from '../support/lab';
import { showsText } from '../support/until';
import { expandRow, openDevStackView, openPath, treeRow } from '../support/workbench';

describe('2. namespaces in the sidebar', () => {
  it('the qrouter namespace shows its qr- and qg- devices with their addresses', async () => {
    const page = workbench();
    await openDevStackView(page);
    const { router } = firstRouter(lab());
    await expandRow(await openPath(page, labAlias, /^Namespaces/, router.namespace));
    await showsText(treeRow(page, router.qr.name), `${router.qr.ip}/${router.qr.prefixLength}`);
    await showsText(treeRow(page, router.qg.name), `${router.qg.ip}/${router.qg.prefixLength}`);
  });

  it('the qdhcp namespace shows its tap with its address', async () => {
    const page = workbench();
    const { network } = firstRouter(lab());
    await expandRow(await openPath(page, labAlias, /^Namespaces/, network.namespace));
    await showsText(treeRow(page, network.dhcpPort.name), `${network.dhcpPort.ip}/${network.dhcpPort.prefixLength}`);
  });
});
