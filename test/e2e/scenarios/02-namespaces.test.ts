// Scenario 2: the sidebar shows what is inside the qrouter and qdhcp namespaces.
import { fastLabFacts } from '../support/facts';
import { namespacesShowTheirDevices } from '../support/scenarios';

describe('2. namespaces in the sidebar', () => {
  it('the qrouter namespace shows its qr- and qg- devices, the qdhcp namespace its tap, each with its address', async () => {
    await namespacesShowTheirDevices(fastLabFacts());
  });
});
