// The two-node lab (E2E_NEUTRON=<back end> E2E_NEUTRON_NODES=2), scenario 0: both nodes added from
// ~/.ssh/config the way a user adds the lab host, each host key checked against its own sshd's key.
import { workbench } from '../../support/browser';
import { snap } from '../../support/hooks';
import { addLabHost, trustLabHostKey } from '../../support/scenarios';
import { twoNodeLab } from '../../support/two-node';
import { collapseRow, openDevStackView, treeRow } from '../../support/workbench';

describe('two-node lab: 0. connect both nodes', () => {
  it('adds the controller and the compute, trusts each one\'s own host key, and detects the back end on both', async () => {
    const f = twoNodeLab();
    for (const node of [f.controller, f.compute]) {
      await addLabHost(node.alias);
      await trustLabHostKey(f.backend, `two-node ${f.backend} host key of ${node.alias}`, node);
      await collapseRow(treeRow(workbench(), node.alias));
    }
    await openDevStackView(workbench());
    await snap(`two-node ${f.backend} both hosts connected`);
  });
});
