// Scenario 4: List iptables on the instance port: the inbound security-group chain shows the
// ssh and ping rules, and its jump to the fallback chain can be followed.
import { fastLabFacts } from '../support/facts';
import { portChainsShowSshAndPing } from '../support/scenarios';

describe('4. List iptables on the instance port', () => {
  it('the inbound chain shows the tcp/22 and icmp rules; the fallback jump can be followed', async () => {
    await portChainsShowSshAndPing(fastLabFacts());
  });
});
