// The picture panel's deployment subject (src/vscode/picture/deployment-subject.ts; no vscode at run time): which
// host changes redraw it, what it draws while its hosts are read or failed, and its elements back to each host's
// tree. Over the derived pair (test/fixtures/deployment/README.md) behind a stand-in for the extension's services.
import { strict as assert } from 'node:assert';
import type { Topology } from '../../../src/core/model/types';
import { deploymentTarget } from '../../../src/core/picture/target';
import { ids } from '../../../src/core/view/ids';
import { deploymentSubject } from '../../../src/vscode/picture/deployment-subject';
import type { ExtensionServices, HostState } from '../../../src/vscode/services';
import { derivedPair } from '../deployment/fixtures';

type Hosts = Record<string, Pick<HostState, 'status' | 'topology' | 'error'>>;

function services(hosts: Hosts, refreshed: string[] = []): ExtensionServices {
  const state = (alias: string): HostState | undefined => (hosts[alias] ? { spec: { alias, target: alias } as HostState['spec'], ...hosts[alias]! } : undefined);
  return {
    host: state,
    hosts: () => Object.keys(hosts).map((a) => state(a)!),
    refresh: async (alias: string) => {
      refreshed.push(alias);
      return hosts[alias]!.topology!;
    },
  } as unknown as ExtensionServices;
}

describe('picture panel: the deployment subject', () => {
  let pair: { controller: Topology; compute: Topology };
  before(async () => {
    pair = await derivedPair();
  });
  const target = (port?: { alias: string; id: string }) => {
    const t = deploymentTarget({ name: 'lab', hosts: ['controller', 'compute1'] }, port);
    if (t.focus.kind !== 'deployment') throw new Error('not a deployment target');
    return { ...t, focus: t.focus };
  };

  it('redraws on a change of any of its hosts and refreshes them all', async () => {
    const refreshed: string[] = [];
    const s = deploymentSubject(target(), services({ controller: { status: 'connected', topology: pair.controller, error: undefined }, compute1: { status: 'connected', topology: pair.compute, error: undefined } }, refreshed));
    assert.deepEqual(['controller', 'compute1', 'other'].map((a) => s.watches(a)), [true, true, false]);
    await s.refresh();
    assert.deepEqual(refreshed.sort(), ['compute1', 'controller']);
    assert.equal(s.fileBase, 'deployment-lab');
  });

  it('says it is reading while no host is read, shows a failure alone when every host failed', () => {
    const idle = deploymentSubject(target(), services({ controller: { status: 'connecting', topology: undefined, error: undefined }, compute1: { status: 'idle', topology: undefined, error: undefined } })).build();
    assert.deepEqual(idle, { kind: 'status', loading: true, message: 'Connecting and reading controller, compute1…' });
    const failed = deploymentSubject(target(), services({ controller: { status: 'failed', topology: undefined, error: 'connection refused' }, compute1: { status: 'idle', topology: undefined, error: undefined } })).build();
    assert.deepEqual(failed, { kind: 'error', message: 'controller: connection refused' });
  });

  it('draws what is read, with a failed host\'s error over it and a host not configured in the notes', () => {
    const built = deploymentSubject(target(), services({ controller: { status: 'failed', topology: pair.controller, error: 'timed out' } })).build();
    assert.equal(built.kind, 'graph');
    if (built.kind !== 'graph') return;
    assert.equal(built.failure, 'controller: timed out');
    assert.ok(built.graph.notes.includes('not configured: compute1'), built.graph.notes.join(' | '));
    assert.deepEqual(built.graph.clusters!.map((c) => c.id), ['host/controller', 'host/compute1']);
    assert.equal(built.logicalAvailable, false);
  });

  it('draws a port\'s path across the hosts and leads its elements back to each host\'s tree; an unknown port is an error', () => {
    const hosts: Hosts = { controller: { status: 'connected', topology: pair.controller, error: undefined }, compute1: { status: 'connected', topology: pair.compute, error: undefined } };
    const vm1 = pair.compute.ports.find((p) => p.kind === 'instance' && p.addresses.includes('10.0.0.23'))!;
    const s = deploymentSubject(target({ alias: 'compute1', id: vm1.prefix }), services(hosts));
    const built = s.build();
    assert.equal(built.kind, 'graph');
    if (built.kind !== 'graph') return;
    assert.ok(built.graph.path!.some((h) => h.label.startsWith('qrouter-')), 'the path reaches the controller\'s router');
    const tunnel = ids.ovsPort('compute1', 'br-tun', 'vxlan-0a00644d');
    assert.deepEqual([s.element(built.graph, tunnel)?.host.alias, s.element(built.graph, tunnel)?.node.id], ['compute1', tunnel]);
    assert.match(built.tooltips[tunnel]!, /vxlan-0a00644d/);
    const missing = deploymentSubject(target({ alias: 'compute1', id: 'ffffffff-ff' }), services(hosts)).build();
    assert.deepEqual(missing, { kind: 'error', message: 'no Neutron port ffffffff-ff on compute1 (refresh the hosts, or show the whole deployment).' });
  });
});
