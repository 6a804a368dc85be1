// Real Neutron (ML2/OVS, openvswitch firewall), scenario 2: the qrouter and qdhcp namespaces the
// L3 and DHCP agents built show their devices with the addresses Neutron gave them.
import { neutronFacts } from '../../support/facts';
import { namespacesShowTheirDevices } from '../../support/scenarios';

describe('real Neutron ovs-native: 2. namespaces in the sidebar', () => {
  it('the qrouter shows its qr- and qg- devices, the qdhcp namespace its tap, each with its address', async () => {
    await namespacesShowTheirDevices(neutronFacts('ovs-native'));
  });
});
