import { strict as assert } from 'node:assert';
import { children, item, type ViewState } from '../../../src/core/view';
import { openSnapshotText } from '../../../src/core/snapshot-file/load';
import { serialiseSnapshot } from '../../../src/core/snapshot-file/save';
import { savedFile } from './saved';

describe('an offline host in the tree (pure view model)', () => {
  it('is marked offline with the date it was taken, and its tree is the saved topology', async () => {
    const { topology } = openSnapshotText(serialiseSnapshot(await savedFile()), '/tmp/lab.devstack-net.json');
    const state: ViewState = {
      hosts: [{ alias: 'devstack-lab @ x', target: '/tmp/lab.devstack-net.json', status: 'offline', error: null, topology }],
      options: { hideLoopback: true, hideEmptyGroups: true },
    };
    const [host] = children(undefined, state);
    const view = item(host!);
    assert.equal(view.contextValue, 'offline:host.offline');
    assert.equal(view.icon, 'archive');
    assert.match(view.description, new RegExp(`^offline · ${new Date(topology.takenAt).toISOString().slice(0, 16).replace('T', ' ')} UTC · vm · `));
    assert.match(view.tooltipMarkdown, /Snapshot file \(offline, read-only\)/);
    const groups = children(host, state).map((n) => item(n).label);
    assert.ok(groups.some((l) => /^Namespaces/.test(l)), groups.join(', '));
    assert.ok(!children(host, state).some((n) => n.kind === 'loading' || n.kind === 'error'));
  });
});
