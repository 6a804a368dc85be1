// Real Neutron (ML2/OVN), scenario 2: the only namespaces are the OVN metadata agent's ovnmeta-;
// each shows its tap…1 with the metadata port's address and 169.254.169.254.
import { neutronFacts } from '../../support/facts';
import { namespacesShowTheirDevices } from '../../support/scenarios';

describe('real Neutron ovn: 2. namespaces in the sidebar', () => {
  it('the ovnmeta- namespace shows its tap with the metadata port address and 169.254.169.254/32', async () => {
    await namespacesShowTheirDevices(neutronFacts('ovn'));
  });
});
