// Real Neutron (ML2/OVN), scenario 5: "ip addr" in the ovnmeta- namespace (no qrouter on OVN).
import { neutronFacts } from '../../support/facts';
import { queryInNamespace } from '../../support/scenarios';

describe('real Neutron ovn: 5. run a query in a namespace', () => {
  it('"ip addr" on the ovnmeta- namespace opens a document with 169.254.169.254 and the metadata port address', async () => {
    await queryInNamespace(neutronFacts('ovn'));
  });
});
