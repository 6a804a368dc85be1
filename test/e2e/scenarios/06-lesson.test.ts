// Scenario 6: the lesson pane runs a step command inline and checks the learner's answer.
import * as assert from 'node:assert/strict';
import { workbench } from '../support/browser';
import { fastLabFacts } from '../support/facts';
import { runLessonStep2 } from '../support/lesson';
import { answerCheck } from '../support/scenarios';
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
});
