// Real Neutron (ML2/OVN), scenario 6: the OVN edition of the lesson, which the pane picks for an
// OVN host. A learner goes through all of it: no step says something is missing, every command
// runs in the pane without an error, and every check turns green with the answer the lab gives.
import * as assert from 'node:assert/strict';
import { neutronFacts } from '../../support/facts';
import { walkLesson } from '../../support/scenarios';

describe('real Neutron ovn: 6. the lesson (OVN edition)', () => {
  it('every step of the OVN edition runs its commands and every check turns green', async () => {
    const walk = await walkLesson(neutronFacts('ovn'), 'under-the-hood-ovn', /OVN/);
    console.log(`      ${walk.steps} steps, ${walk.commands} commands run, ${walk.checks} checks green`);
    assert.equal(walk.steps, 8);
    assert.ok(walk.commands >= 11, `${walk.commands} commands ran`);
  });
});
