// Scenario 1: a new user opens the view, adds the lab host, trusts its key, and sees the backend.
import * as assert from 'node:assert/strict';
import { workbench } from '../support/browser';
import { snap } from '../support/hooks';
import { labAlias, labFingerprints, labHostKeyBlob, savedKnownHosts } from '../support/lab';
import { showsText } from '../support/until';
import { clickDialogButton, dialog, expandRow, openDevStackView, quickInput, treeRow } from '../support/workbench';

describe('1. first connect', () => {
  it('shows the "Add DevStack host" welcome while no host is configured', async () => {
    const view = await openDevStackView(workbench());
    await showsText(view, 'Add DevStack host');
  });

  it('adds the lab host from ~/.ssh/config', async () => {
    const page = workbench();
    const view = await openDevStackView(page);
    await view.getByRole('button', { name: 'Add DevStack host' }).click();
    const input = quickInput(page);
    // The Host entries of ~/.ssh/config (the lab's, with an empty known_hosts).
    await input.locator('.monaco-list-row', { hasText: labAlias }).first().click();
    await showsText(input, 'The name shown in the tree');
    await page.keyboard.press('Enter'); // alias: the suggested "devstack-lab"
    await showsText(input, 'Use sudo -n');
    await page.keyboard.press('Enter');
    await treeRow(page, labAlias).waitFor();
  });

  it('asks about the unknown host key with its SHA256 fingerprint; "Trust and save" stores it', async () => {
    const page = workbench();
    const host = treeRow(page, labAlias);
    // Connecting starts on its own after the add, or when the host is expanded.
    const prompted = await dialog(page).waitFor({ timeout: 15_000 }).then(() => true, () => false);
    if (!prompted) await expandRow(host);

    const prompt = await showsText(dialog(page), /SHA256:/);
    const keys = labFingerprints();
    assert.equal(keys.length, 1, `the lab has one host key: ${JSON.stringify(keys)}`);
    assert.ok(prompt.includes(keys[0].fingerprint), `the prompt shows ${keys[0].fingerprint}: ${prompt}`);
    await snap('01-first-connect host key prompt');
    await clickDialogButton(page, /^Trust and save$/);

    await showsText(host, 'iptables_hybrid', 60_000);
    assert.ok(savedKnownHosts().includes(labHostKeyBlob()), 'the trusted key is written to the known_hosts file');
  });
});
