// Real Neutron (ML2/OVS, iptables_hybrid), scenario 0: the first connect verifies the host key and
// detects the back end on the node Neutron's own agents built.
import { firstConnect } from '../../support/neutron-workbench';

describe('real Neutron ovs-hybrid: 0. first connect', () => {
  it('trusts the lab host key after showing its fingerprint, and detects ML2/OVS iptables_hybrid', async () => {
    await firstConnect('ovs-hybrid');
  });
});
