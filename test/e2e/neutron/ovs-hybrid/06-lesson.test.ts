// Real Neutron (ML2/OVS, iptables_hybrid), scenario 6: the lesson on the node real agents built.
// A learner goes through all of it: no step says something is missing, every command runs in the
// pane without an error, and every check turns green with the answer the lab's manifest gives.
import * as assert from 'node:assert/strict';
import { neutronFacts } from '../../support/facts';
import { walkLesson } from '../../support/scenarios';

describe('real Neutron ovs-hybrid: 6. the lesson', () => {
  it('every step of "Networking under the hood" runs its commands and every check turns green', async () => {
    const walk = await walkLesson(neutronFacts('ovs-hybrid'), 'under-the-hood', /^Networking under the hood$/);
    console.log(`      ${walk.steps} steps, ${walk.commands} commands run, ${walk.checks} checks green`);
    assert.equal(walk.steps, 8);
    assert.ok(walk.commands >= 20, `${walk.commands} commands ran`);
  });
});
