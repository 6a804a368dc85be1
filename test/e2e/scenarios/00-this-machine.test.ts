// Scenario 0: VS Code runs on the DevStack node itself (code-server on the lab machine, as under
// Remote-SSH). The welcome view offers "This machine"; one click shows the lab with no SSH at all
// (the lab sshd's VERBOSE log sees no connection); List iptables and the lesson work there; the
// Welcome page's walkthrough ticks its first step. It runs first, on a fresh profile, and removes
// its host at the end so that scenario 1 starts from the empty view again.
import * as assert from 'node:assert/strict';
import { sshdLogMark, sshdLogSince } from '../../lab/control';
import { workbench } from '../support/browser';
import { runLessonStep2 } from '../support/lesson';
import { snap } from '../support/hooks';
import { firstRouter, lab } from '../support/lab';
import { eventually, showsText } from '../support/until';
import {
  clearWorkbench,
  clickDialogButton,
  contextMenu,
  dialog,
  expandRow,
  openDevStackView,
  openPath,
  runCommand,
  topologyView,
  treeRow,
  webview,
} from '../support/workbench';
import type { Page } from 'playwright-core';

const LOCAL = 'This machine';
const WALKTHROUGH = "Explore your DevStack's networking";

/** A step of our walkthrough on the Welcome page (its button carries the step id). */
function step(page: Page, id: string) {
  return page.locator(`.gettingStartedContainer button.getting-started-step[data-step-id$="#${id}"]`).first();
}

/** VS Code marks a done step's button aria-checked="true" (its check mark). */
async function stepDone(page: Page, id: string): Promise<boolean> {
  return (await step(page, id).getAttribute('aria-checked')) === 'true';
}

/**
 * Opens the Welcome page on its list of walkthroughs and returns our entry. The page does not
 * redraw that list while one walkthrough is open, so it is opened only once ours is registered
 * (the "Open Walkthrough" picker lists it), and its "back" button leads to the list.
 */
async function welcomeEntry(page: Page) {
  await clearWorkbench(page);
  await runCommand(page, 'Welcome: Open Walkthrough...');
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: WALKTHROUGH }).first().waitFor({ timeout: 60_000 });
  await page.keyboard.press('Escape');
  await runCommand(page, 'Help: Welcome');
  const entry = page.locator('.gettingStartedContainer button.getting-started-category').filter({ hasText: WALKTHROUGH }).first();
  const back = page.locator('.gettingStartedContainer .prev-button');
  await eventually(
    async () => {
      if (await entry.isVisible()) return true;
      if (await back.isVisible()) await back.click();
      return false;
    },
    async () => `the Welcome page does not list "${WALKTHROUGH}": ${await page.locator('.gettingStartedContainer').first().innerText().catch(() => '')}`,
  );
  return entry;
}

async function openWalkthrough(page: Page): Promise<void> {
  await (await welcomeEntry(page)).click();
  await showsText(page.locator('.gettingStartedContainer h2.category-title').filter({ hasText: WALKTHROUGH }), WALKTHROUGH);
  await step(page, 'addHost').waitFor();
}

/** The lab sshd logs every connection (LogLevel VERBOSE): none since `mark`. */
function assertNoSsh(mark: number): void {
  const log = sshdLogSince(mark);
  assert.doesNotMatch(log, /Connection from|Accepted \w+ for/, `the lab sshd saw a connection:\n${log}`);
}

describe('0. This machine (code-server on the node)', () => {
  let sshd = 0;
  before(() => {
    sshd = sshdLogMark();
  });

  it('the Welcome page lists the walkthrough; nothing is done yet', async () => {
    const page = workbench();
    await welcomeEntry(page);
    await snap('00-this-machine welcome page');
    await openWalkthrough(page);
    await showsText(step(page, 'addHost'), 'Add a host, or use This machine');
    assert.equal(await stepDone(page, 'addHost'), false, 'no host yet: step 1 is open');
    assert.equal(await stepDone(page, 'expandNamespaces'), false);
    await snap('00-this-machine walkthrough');
  });

  it('the welcome view offers This machine; one click shows the lab\'s namespaces, with no SSH', async () => {
    const page = workbench();
    const view = await openDevStackView(page);
    await showsText(view, 'Use This machine');
    await showsText(view, 'Add DevStack host');
    await page.mouse.move(720, 895); // no tooltip over the picture
    await snap('00-this-machine welcome view');
    await view.getByRole('button', { name: 'Use This machine' }).click();

    const { router, network } = firstRouter(lab());
    await treeRow(page, LOCAL).waitFor();
    await expandRow(await openPath(page, LOCAL, /^Namespaces/, router.namespace));
    await showsText(treeRow(page, router.qr.name), `${router.qr.ip}/${router.qr.prefixLength}`, 60_000);
    await showsText(treeRow(page, router.qg.name), `${router.qg.ip}/${router.qg.prefixLength}`);
    await showsText(treeRow(page, network.namespace), /qdhcp|DHCP/i);
    const status = page.locator('.statusbar-item', { hasText: LOCAL }).first();
    await showsText(status, LOCAL);
    await snap('00-this-machine namespaces');

    assertNoSsh(sshd);
  });

  it('the walkthrough\'s first step is done once a host is added (and the second, once namespaces were expanded)', async () => {
    const page = workbench();
    await openWalkthrough(page);
    await eventually(() => stepDone(page, 'addHost'), () => 'step 1 is still open after This machine was added');
    await eventually(() => stepDone(page, 'expandNamespaces'), () => 'step 2 is still open after the Namespaces group was expanded');
    assert.equal(await stepDone(page, 'showPicture'), false, 'step 5 waits for its own event');
    await snap('00-this-machine walkthrough step 1 done');
  });

  it('List iptables on the instance port shows its security-group chains, read on this machine', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    const { port } = firstRouter(lab());
    await contextMenu(page, await openPath(page, LOCAL, /^Ports/, port.prefix11), /^List iptables/);
    const inspector = await webview(page, `section.chain[data-chain="${port.sgChains.inbound}"]`, 60_000);
    const inbound = inspector.locator(`section.chain[data-chain="${port.sgChains.inbound}"]`);
    await showsText(inbound.locator('.chain-heading'), `Inbound (to the instance): ${port.sgChains.inbound}`);
    await eventually(
      async () => (await inbound.locator('tbody tr').count()) > 0,
      async () => `no rules in ${port.sgChains.inbound}: ${await inbound.innerText()}`,
    );
  });

  it('from the keyboard: Ctrl+Alt+I on the focused qrouter namespace lists its NAT (a key, not a menu)', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    const { router, floating } = firstRouter(lab());
    assert.ok(floating, `the lab has a floating IP in ${router.namespace}`);
    const row = await openPath(page, LOCAL, /^Namespaces/, router.namespace);
    await row.click(); // selects and focuses the row: the key's `when` is the view's focus and the selected item
    // The selected item reaches the key's `when` through the extension host (setContext): press
    // again until it has arrived and the inspector opens.
    await eventually(
      async () => {
        await page.keyboard.press('Control+Alt+KeyI');
        return (await page.locator('iframe.webview').count()) > 0;
      },
      () => 'Ctrl+Alt+I on the focused namespace opened no chain inspector',
    );
    const inspector = await webview(page, 'td.floating-ip', 60_000);
    await showsText(inspector.locator('h2').first(), `NAT of ${router.namespace}`);
    await showsText(inspector.locator('td.floating-ip').first(), floating.floating);
  });

  it('the lesson runs a step on this machine and shows its output inline', async () => {
    const page = workbench();
    const { port } = firstRouter(lab());
    const { command } = await runLessonStep2(page);
    await showsText(command.locator('pre.output'), port.sgChains.inbound, 60_000);
    await snap('00-this-machine lesson');

    assertNoSsh(sshd);
  });

  it('removing This machine brings the welcome view back (for the scenarios that follow)', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    await contextMenu(page, treeRow(page, LOCAL), /^Remove Host/);
    await dialog(page).waitFor();
    await clickDialogButton(page, /^Remove$/);
    await showsText(topologyView(page), 'Use This machine');
  });
});
