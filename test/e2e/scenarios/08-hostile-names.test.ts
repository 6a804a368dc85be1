// Scenario 8 (issue 9): shell-hostile names are data: the tree and the chain inspector show them
// as text, and nothing ran them. Changes the lab and restores it in `finally`.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { addHostileNames, hostile, hostileMarkerPaths, removeHostileNames } from '../../lab/control';
import { workbench } from '../support/browser';
import { labAlias } from '../support/lab';
import { eventually, showsText } from '../support/until';
import { clearWorkbench, contextMenu, expandRow, openDevStackView, openPath, treeRow, viewAction, webview } from '../support/workbench';

describe('8. hostile names', () => {
  it('render as text in the tree and in the chain inspector, and never run', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    try {
      addHostileNames();
      await viewAction(page, /^Refresh All Hosts/).click();
      const namespace = await openPath(page, labAlias, /^Namespaces/, hostile.namespace);
      await expandRow(namespace);
      await showsText(treeRow(page, hostile.vethPeer), '10.255.255.1/30');

      await contextMenu(page, namespace, /^List iptables/);
      const inspector = await webview(page, 'h1');
      await showsText(inspector.locator('h1').first(), hostile.namespace);
      assert.equal(await inspector.locator('h1 *').count(), 0, 'the title is one text node, no markup');

      const markers = hostileMarkerPaths().filter((file) => existsSync(file));
      assert.deepEqual(markers, [], 'no hostile name ran as shell text');
    } finally {
      removeHostileNames();
    }
    // The scenarios after this one see the lab as built: refresh until the hostile namespace is gone.
    await viewAction(page, /^Refresh All Hosts/).click();
    await eventually(async () => (await treeRow(page, hostile.namespace).count()) === 0, () => `${hostile.namespace} is still in the tree`);
  });
});
