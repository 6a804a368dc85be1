// Scenario 3: List iptables on the qrouter namespace: the NAT view pairs floating and fixed IPs
// and shows the metadata redirect.
import { fastLabFacts } from '../support/facts';
import { natShowsFloatingPairAndMetadata } from '../support/scenarios';

describe('3. List iptables on the qrouter namespace', () => {
  it('the NAT view shows the floating IP ↔ fixed IP pair of the lab, its DNAT and SNAT, and the metadata redirect', async () => {
    await natShowsFloatingPairAndMetadata(fastLabFacts());
  });
});
