// Scenario 11 (issue 17): a snapshot saved here (after the flows of br-int were read) is opened in a
// FRESH VS Code (its own code-server, empty profile, a HOME with no ~/.ssh) from the file itself, and
// browsed offline: the tree marked offline with its date, the NAT view, the flow inspector, the picture,
// the lesson's reading parts and a trace that needs no live call; live counters, the lesson's Run and
// a terminal are refused with the reason. Runs after scenario 1 (the lab host is added and trusted).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { addAgentNormalFlow, removeAgentNormalFlow } from '../../lab/sg-rule';
import { workbench } from '../support/browser';
import { e2e } from '../support/env';
import { openFreshWindow, type FreshWindow } from '../support/fresh-profile';
import { screenshotPath } from '../support/hooks';
import { firstRouter, lab, labAlias } from '../support/lab';
import { eventually, showsText } from '../support/until';
import { clearWorkbench, contextMenu, openDevStackView, openPath, quickInput, runCommand, treeRow, webview } from '../support/workbench';

const workspace = () => new URL(e2e.url).searchParams.get('folder')!;
const savedFiles = () => fs.readdirSync(workspace()).filter((f) => f.endsWith('.devstack-net.json'));
const offlineHost = /^devstack-lab @ /;
const shot = (page: Page, name: string) => page.screenshot({ path: screenshotPath(name) });

describe('11. a saved snapshot in a fresh window with no SSH: browsed offline', function () {
  let file = '';
  let fresh: FreshWindow | undefined;
  before(() => addAgentNormalFlow());
  after(async () => {
    removeAgentNormalFlow();
    await fresh?.close();
  });

  it('saves the lab after reading the flows of br-int (the read goes into the file)', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    await contextMenu(page, await openPath(page, labAlias, /^Open vSwitch/, 'br-int'), /^Dump flows/);
    const flows = await webview(page, 'tr.rule', 60_000);
    assert.ok((await flows.locator('tr.rule').count()) > 0, 'br-int has flows');
    const before = new Set(savedFiles());
    await contextMenu(page, treeRow(page, labAlias), /^Save Snapshot/);
    await showsText(quickInput(page), /Save as it is/);
    await page.keyboard.press('Enter');
    await eventually(async () => /\.devstack-net\.json$/.test(await quickInput(page).locator('input').inputValue()), () => 'no file name proposed');
    await page.keyboard.press('Enter');
    const added = await eventually(async () => savedFiles().find((f) => !before.has(f)), () => `no new snapshot file in ${workspace()}`);
    file = path.join(workspace(), added);
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { reads: { argv: string[] }[] };
    assert.ok(json.reads.some((r) => r.argv.includes('dump-flows') && r.argv.includes('br-int')), 'the file keeps the dump-flows read');
  });

  it('opens the file in a fresh window with no SSH configured: an offline host marked with its date', async () => {
    assert.ok(file, 'the snapshot of the first step');
    fresh = await openFreshWindow([file]);
    const { page, home } = fresh;
    assert.equal(fs.existsSync(path.join(home, '.ssh')), false, 'the fresh window has no ~/.ssh');
    const view = await openDevStackView(page);
    await showsText(view, /No DevStack host is configured yet/);
    // Open the file from the workspace (Quick Open), then the editor's "Open Snapshot…" title action.
    await runCommand(page, 'Go to File');
    await quickInput(page).locator('input').fill(path.basename(file));
    await quickInput(page).locator('.monaco-list-row').filter({ hasText: path.basename(file) }).first().click();
    await page.locator('.editor-group-container.active .editor-actions').getByRole('button', { name: /Open Snapshot/ }).first().click();
    const host = treeRow(page, offlineHost);
    await host.waitFor();
    const taken = new Date(JSON.parse(fs.readFileSync(file, 'utf8')).meta.takenAt as string).toISOString().slice(0, 16).replace('T', ' ');
    await showsText(host, `offline · ${taken} UTC`);
    await shot(page, '11 fresh window offline host');
  });

  it('the router NAT view works offline; Live counters are refused with the reason', async () => {
    const page = fresh!.page;
    const { router, floating } = firstRouter(lab());
    await contextMenu(page, await openPath(page, offlineHost, /^Namespaces/, router.namespace), /^List iptables/);
    const inspector = await webview(page, 'td.floating-ip', 60_000);
    const pair = inspector.locator('tr').filter({ has: inspector.locator('td.floating-ip', { hasText: floating!.floating }) });
    await showsText(pair.locator('td.fixed-ip'), floating!.fixed);
    await inspector.locator('#live').click();
    await showsText(inspector.locator('#status'), /Reading live counters needs the live host: .* is an offline snapshot/);
    assert.equal(await inspector.locator('#live').evaluate((el) => (el as HTMLInputElement).checked), false, 'live stays off');
    await shot(page, '11 offline NAT view');
  });

  it("the flow inspector shows br-int's saved flows, dated by the snapshot", async () => {
    const page = fresh!.page;
    await clearWorkbench(page);
    await contextMenu(page, await openPath(page, offlineHost, /^Open vSwitch/, 'br-int'), /^Dump flows/);
    const flows = await webview(page, 'tr.rule', 60_000);
    assert.ok((await flows.locator('tr.rule').count()) > 0, 'the saved flows are shown');
    assert.equal(await flows.locator('.notice', { hasText: /Could not read/ }).count(), 0);
    await shot(page, '11 offline flow inspector');
  });

  it("the picture draws the instance port's path offline", async () => {
    const page = fresh!.page;
    await clearWorkbench(page);
    const { port, router } = firstRouter(lab());
    await contextMenu(page, await openPath(page, offlineHost, /^Ports/, port.prefix11), /^Show Topology/);
    const frame = await webview(page, 'svg.picture g.node-vm', 60_000);
    for (const name of [port.tap, port.qbr, port.qvb, port.qvo, 'br-int', router.namespace, 'br-ex']) {
      await frame.locator('svg.picture text', { hasText: name }).first().waitFor();
    }
    // Its right-click offers the offline menu: no live query.
    await frame.locator('g.node-namespace > text.label').first().click({ button: 'right' });
    const menu = frame.locator('#menu');
    await menu.waitFor();
    const items = await menu.locator('[role="menuitem"]').allInnerTexts();
    assert.ok(items.some((t) => /List iptables/.test(t)), `menu: ${items.join(', ')}`);
    assert.ok(!items.some((t) => /^ip addr|Open Terminal/.test(t)), `no live command in: ${items.join(', ')}`);
    await page.keyboard.press('Escape');
    await shot(page, '11 offline picture');
  });

  it('a trace from the instance port runs on the saved topology, saying what it could not read', async () => {
    const page = fresh!.page;
    await clearWorkbench(page);
    const { port, floating } = firstRouter(lab());
    await contextMenu(page, await openPath(page, offlineHost, /^Ports/, port.prefix11), /^Trace packet/);
    const input = quickInput(page).locator('input');
    await quickInput(page).locator('.monaco-list-row').filter({ hasText: 'icmp' }).first().waitFor();
    await input.fill('icmp');
    await page.keyboard.press('Enter');
    await quickInput(page).locator('.monaco-list-row').first().waitFor();
    await page.keyboard.press('Enter'); // the first destination offered
    const trace = await webview(page, 'p.verdict', 60_000);
    await showsText(trace.locator('section.gaps'), /no live host|from the snapshot/);
    assert.equal(await trace.locator('section.gaps', { hasText: /was not read when/ }).count(), 0, 'no live read was tried');
    await shot(page, `11 offline trace from ${port.prefix11} ${floating ? '' : '(no floating IP)'}`.trim());
  });

  it("the lesson's reading parts work; Run and a terminal say they need the live host", async () => {
    const page = fresh!.page;
    await clearWorkbench(page);
    await contextMenu(page, treeRow(page, offlineHost), /^Open lesson/);
    const lesson = await webview(page, '.lesson', 60_000);
    await lesson.locator('button.step-link').nth(1).click();
    const step = lesson.locator('main.step');
    await showsText(step.locator('h2'), /^Step 2:/);
    await showsText(step.locator('.command-text').first(), /\S/);
    await showsText(step.locator('p.run-offline').first(), /needs the live host/);
    assert.equal(await step.locator('vscode-button[data-action="run"]').count(), 0, 'no Run on an offline snapshot');
    await shot(page, '11 offline lesson');
    // No live command in the tree's menu; from the palette, a terminal is refused with the reason.
    await treeRow(page, offlineHost).click({ button: 'right' });
    await page.getByRole('menuitem', { name: /^Close Snapshot/ }).first().waitFor();
    assert.equal(await page.getByRole('menuitem', { name: /^Open Terminal|^ip addr/ }).count(), 0);
    await page.keyboard.press('Escape');
    await runCommand(page, 'DevStack: Open Terminal in Namespace');
    await showsText(page.locator('.notifications-toasts'), /A terminal needs the live host: .* is an offline snapshot/);
    await shot(page, '11 offline terminal refused');
  });
});
