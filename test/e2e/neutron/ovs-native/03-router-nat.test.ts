// Real Neutron (ML2/OVS, openvswitch firewall), scenario 3: the L3 agent's NAT is iptables with
// either firewall: the NAT view pairs the floating IP with its fixed IP and shows the metadata redirect.
import { neutronFacts } from '../../support/facts';
import { natShowsFloatingPairAndMetadata } from '../../support/scenarios';

describe('real Neutron ovs-native: 3. List iptables on the qrouter namespace', () => {
  it('the NAT view shows the floating IP ↔ fixed IP pair, its DNAT and SNAT, and the metadata redirect to 9697', async () => {
    await natShowsFloatingPairAndMetadata(neutronFacts('ovs-native'));
  });
});
