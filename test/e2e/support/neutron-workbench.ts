// Steps every real-Neutron scenario file shares: add the lab host, trust its key, see the back end.
import * as assert from 'node:assert/strict';
import { BACKEND_WORDS } from '../../../src/core/view/words';
import type { Backend } from '../../lab/neutron/paths';
import { workbench } from './browser';
import { snap } from './hooks';
import { labAlias, labFingerprints, labHostKeyBlob, savedKnownHosts } from './lab';
import { neutronLab } from './neutron';
import { showsText } from './until';
import { clickDialogButton, dialog, expandRow, openDevStackView, quickInput, treeRow } from './workbench';


/** Adds the lab host from ~/.ssh/config, trusts its key after checking the fingerprint, and waits for the back end. */
export async function firstConnect(backend: Backend): Promise<void> {
  neutronLab(backend);
  const page = workbench();
  const view = await openDevStackView(page);
  await view.getByRole('button', { name: 'Add DevStack host' }).click();
  const input = quickInput(page);
  await input.locator('.monaco-list-row', { hasText: labAlias }).first().click();
  await showsText(input, 'The name shown in the tree');
  await page.keyboard.press('Enter');
  await showsText(input, 'Use sudo -n');
  await page.keyboard.press('Enter');
  const host = treeRow(page, labAlias);
  await host.waitFor();
  const prompted = await dialog(page).waitFor({ timeout: 15_000 }).then(() => true, () => false);
  if (!prompted) await expandRow(host);
  const prompt = await showsText(dialog(page), /SHA256:/);
  const [key] = labFingerprints();
  assert.ok(key && prompt.includes(key.fingerprint), `the prompt shows the lab's fingerprint ${key?.fingerprint}: ${prompt}`);
  await clickDialogButton(page, /^Trust and save$/);
  await showsText(host, BACKEND_WORDS[backend], 90_000);
  assert.ok(savedKnownHosts().includes(labHostKeyBlob()), 'the trusted key is written to the known_hosts file');
  await snap(`neutron ${backend} connected`);
}
