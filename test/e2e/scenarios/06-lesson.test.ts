// Scenario 6: the lesson pane runs a step command inline and checks the learner's answer.
import { workbench } from '../support/browser';
import { firstRouter, lab } from '../support/lab';
import { eventually, showsText } from '../support/until';
import { runLessonStep2 } from '../support/lesson';

describe('6. the lesson pane', () => {
  it('runs step 2 with its output inline; the right chain name turns the check green', async () => {
    const page = workbench();
    const { port } = firstRouter(lab());
    const { step, command } = await runLessonStep2(page);
    await showsText(command.locator('pre.output'), port.sgChains.inbound);
    await showsText(command.locator('pre.output'), /--dport 22\b/);

    const check = step.locator('.check[data-check="chain-name"]');
    await check.locator('vscode-text-field input').fill(port.sgChains.inbound);
    await check.locator('vscode-button[data-action="check"]').click();
    const result = check.locator('.result');
    await showsText(result, /^Correct/);
    // The pane re-renders as progress is saved, which can detach the element between two
    // calls: scroll to it and read its colour in one step, on the element on screen now.
    let color = '';
    await eventually(
      async () => {
        color = await result.evaluate((el) => {
          el.scrollIntoView({ block: 'center' });
          return getComputedStyle(el).color;
        });
        const [r, g, b] = (color.match(/\d+/g) ?? []).map(Number);
        return g > r && g > b;
      },
      () => `the result is shown in green, not "${color}"`,
    );
  });
});
