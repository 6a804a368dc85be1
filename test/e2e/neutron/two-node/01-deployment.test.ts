// The two-node lab, scenario 1: the two hosts, whose tunnels point at each other, are suggested as one
// deployment with those tunnels as evidence; "Save as Deployment…" writes it to devstackNet.deployments and
// the tree shows "Deployment lab" with both hosts under it.
import * as assert from 'node:assert/strict';
import { workbench } from '../../support/browser';
import { snap } from '../../support/hooks';
import { twoNodeLab } from '../../support/two-node';
import { eventually, showsText } from '../../support/until';
import { childLabels, clearWorkbench, collapseRow, contextMenu, openDevStackView, quickInput, topologyView, treeRow } from '../../support/workbench';

describe('two-node lab: 1. one deployment', () => {
  it('suggests both hosts as a deployment, with each tunnel as evidence', async () => {
    const page = workbench();
    const { controller, compute, backend } = twoNodeLab();
    await clearWorkbench(page);
    await openDevStackView(page);
    const suggested = treeRow(page, /^Suggested deployment: /);
    await showsText(suggested, new RegExp(`${controller.alias}|${compute.alias}`), 90_000);
    const label = (await suggested.locator('.label-name').textContent()) ?? '';
    assert.deepEqual(label.replace(/^Suggested deployment: /, '').split(' + ').sort(), [controller.alias, compute.alias].sort(), label);
    const evidence = await childLabels(page, suggested, 2);
    for (const [from, to] of [[controller, compute], [compute, controller]] as const) {
      assert.ok(evidence.some((e) => e.startsWith(`${from.alias}: ${from.tunnel.name} `) && e.includes(`→ ${to.alias}:`)), `evidence names ${from.alias}'s ${from.tunnel.name} → ${to.alias}: ${evidence.join(' | ')}`);
    }
    await snap(`two-node ${backend} suggested deployment with its evidence`);
    await collapseRow(suggested);
  });

  it('"Save as Deployment…" makes it the configured deployment "lab", with both hosts under it', async () => {
    const page = workbench();
    const { controller, compute, backend } = twoNodeLab();
    await contextMenu(page, treeRow(page, /^Suggested deployment: /), /^Save as Deployment/);
    const input = quickInput(page);
    await showsText(input, 'A name for the deployment');
    await input.locator('input').fill('lab');
    await page.keyboard.press('Enter');
    const deployment = treeRow(page, 'Deployment lab');
    await deployment.waitFor({ timeout: 30_000 });
    await eventually(async () => (await topologyView(page).locator('.monaco-list-row', { hasText: /^Suggested deployment/ }).count()) === 0, () => 'the suggestion stays after it was saved');
    const under = await childLabels(page, deployment, 4);
    assert.deepEqual(under.slice(0, 2).sort(), [controller.alias, compute.alias].sort(), `under Deployment lab: ${under.join(', ')}`);
    assert.deepEqual(under.slice(2), ['Tunnels', 'Networks across hosts']);
    await snap(`two-node ${backend} deployment lab with both hosts`);
    await collapseRow(deployment);
  });
});
