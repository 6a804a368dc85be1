// Scenario 1: a new user opens the view, adds the lab host, trusts its key, and sees the backend.
import { workbench } from '../support/browser';
import { addLabHost, trustLabHostKey } from '../support/scenarios';
import { showsText } from '../support/until';
import { openDevStackView } from '../support/workbench';

describe('1. first connect', () => {
  it('shows the "Add DevStack host" welcome while no host is configured', async () => {
    const view = await openDevStackView(workbench());
    await showsText(view, 'Add DevStack host');
  });

  it('adds the lab host from ~/.ssh/config', async () => {
    await addLabHost();
  });

  it('asks about the unknown host key with its SHA256 fingerprint; "Trust and save" stores it', async () => {
    await trustLabHostKey('ovs-hybrid', '01-first-connect host key prompt');
  });
});
