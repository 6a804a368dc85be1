// Real Neutron (ML2/OVS, iptables_hybrid), scenario 4: List iptables on the instance port: the
// chains the OVS agent made for the default group show the tcp/22 and icmp rules.
import { neutronFacts } from '../../support/facts';
import { portChainsShowSshAndPing } from '../../support/scenarios';

describe('real Neutron ovs-hybrid: 4. List iptables on the instance port', () => {
  it('the inbound chain shows the tcp/22 and icmp rules; the fallback jump leads to DROP', async () => {
    await portChainsShowSshAndPing(neutronFacts('ovs-hybrid'));
  });
});
