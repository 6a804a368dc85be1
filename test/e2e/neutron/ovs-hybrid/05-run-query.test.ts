// Real Neutron (ML2/OVS, iptables_hybrid), scenario 5: "ip route" in the qrouter namespace.
import { neutronFacts } from '../../support/facts';
import { queryInNamespace } from '../../support/scenarios';

describe('real Neutron ovs-hybrid: 5. run a query in a namespace', () => {
  it('"ip route" on the qrouter opens a document with the default route via the qg- gateway', async () => {
    await queryInNamespace(neutronFacts('ovs-hybrid'));
  });
});
