// Scenario 7: failures become error nodes with Retry; a changed host key is refused.
// Changes the lab (sshd, host key) and restores it in `finally`.
import { restoreHostKey, startSshd, stopSshd, swapHostKey } from '../../lab/control';
import { workbench } from '../support/browser';
import { dropLabSessions, labAlias } from '../support/lab';
import { showsText } from '../support/until';
import { clearWorkbench, openDevStackView, topologyView, treeRow, viewAction } from '../support/workbench';
import type { Page } from 'playwright-core';

/** The host's error node (its label says what failed, e.g. "connection failed"). */
const errorRow = (page: Page) => topologyView(page).locator('.monaco-list-row').filter({ has: page.locator('.codicon-error') }).filter({ hasNotText: labAlias }).first();

async function refreshAll(page: Page): Promise<void> {
  await viewAction(page, /^Refresh All Hosts/).click();
}

describe('7. failures', () => {
  it('sshd down: Refresh shows an error node with Retry; sshd up: Retry restores the tree', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    await treeRow(page, /^Namespaces/).waitFor();
    try {
      await stopSshd();
      dropLabSessions(); // as when the host goes away: the open connection drops too
      await refreshAll(page);
      const error = errorRow(page);
      await showsText(error, /connection failed|timed out/, 60_000);
      await error.hover();
      const retry = error.getByRole('button', { name: /^Retry/ });
      await retry.waitFor();
      await startSshd();
      await retry.click();
      await showsText(treeRow(page, labAlias), 'iptables_hybrid', 60_000);
      await error.waitFor({ state: 'detached', timeout: 30_000 });
    } finally {
      await startSshd();
    }
  });

  it('a changed host key: connecting is refused with the changed-key error', async () => {
    const page = workbench();
    try {
      await swapHostKey();
      dropLabSessions(); // a new connection meets the new key
      await refreshAll(page);
      await showsText(errorRow(page), /host key changed: connection refused/, 60_000);
      await showsText(treeRow(page, labAlias), /failed: /);
    } finally {
      await restoreHostKey();
    }
  });

  it('with sshd and the host key restored, Refresh shows the tree again', async () => {
    const page = workbench();
    await refreshAll(page);
    await showsText(treeRow(page, labAlias), 'iptables_hybrid', 60_000);
    await errorRow(page).waitFor({ state: 'detached', timeout: 30_000 });
  });
});
