// Scenario 6: the lesson pane runs a step command inline and checks the learner's answer; then a
// learner goes through every step (the same walk as on the real Neutron lab).
import * as assert from 'node:assert/strict';
import { workbench } from '../support/browser';
import { fastLabFacts } from '../support/facts';
import { runLessonStep2 } from '../support/lesson';
import { answerCheck, walkLesson } from '../support/scenarios';
import { showsText } from '../support/until';

describe('6. the lesson pane', () => {
  it('runs step 2 with its output inline; the right chain name turns the check green', async () => {
    const chain = fastLabFacts().instance.inboundChain;
    assert.ok(chain, 'the fast lab gives its instance port an inbound chain');
    const { step, command } = await runLessonStep2(workbench());
    await showsText(command.locator('pre.output'), chain);
    await showsText(command.locator('pre.output'), /--dport 22\b/);
    await answerCheck(step.locator('.check[data-check="chain-name"]'), chain);
  });

  it('every step runs its commands without an error and every check turns green', async () => {
    const walk = await walkLesson(fastLabFacts(), 'under-the-hood', /^Networking under the hood$/);
    console.log(`      ${walk.steps} steps, ${walk.commands} commands run, ${walk.checks} checks green`);
    assert.equal(walk.steps, 8);
    assert.ok(walk.commands >= 20, `${walk.commands} commands ran`);
  });
});
