// Scenario 5: "ip route" in the qrouter namespace opens a document with the default route.
import { fastLabFacts } from '../support/facts';
import { queryInNamespace } from '../support/scenarios';

describe('5. run a query in a namespace', () => {
  it('"ip route" on the qrouter opens a document with the default route via the qg- gateway', async () => {
    await queryInNamespace(fastLabFacts());
  });
});
