// Real Neutron (ML2/OVS, iptables_hybrid), scenario 3: List iptables on the qrouter the L3 agent
// programmed: the NAT view pairs the floating IP with its fixed IP and shows the metadata redirect.
import { neutronFacts } from '../../support/facts';
import { natShowsFloatingPairAndMetadata } from '../../support/scenarios';

describe('real Neutron ovs-hybrid: 3. List iptables on the qrouter namespace', () => {
  it('the NAT view shows the floating IP ↔ fixed IP pair, its DNAT and SNAT, and the metadata redirect to 9697', async () => {
    await natShowsFloatingPairAndMetadata(neutronFacts('ovs-hybrid'));
  });
});
