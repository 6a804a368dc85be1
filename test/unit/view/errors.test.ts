// Failures become nodes: host errors with the reason and the fix, section errors, loading.
import { strict as assert } from 'node:assert';
import { RemoteError, type Runner } from '../../../src/core/command';
import type { Topology } from '../../../src/core/model/types';
import { collectTopology } from '../../../src/core/snapshot';
import { children, item, parent, type HostView, type ViewState } from '../../../src/core/view';
import { labTopology } from './lab-snapshot';
import { walk } from './walk';

const options = { hideLoopback: true, hideEmptyGroups: true };
const state = (host: Partial<HostView>): ViewState => ({
  hosts: [{ alias: 'lab', target: 'devstack-lab', status: 'idle', error: null, topology: null, ...host }],
  options,
});

/** A runner that answers like `sudo -n` on a host where sudo wants a password. */
const sudoWantsPassword: Runner = {
  target: 'stack-nopw@devstack-lab',
  exec: async () => ({ stdout: '', stderr: 'sudo: a password is required\n', exitCode: 1 }),
};

describe('tree view model: failures and progress', () => {
  let topology: Topology;
  before(async () => {
    topology = await labTopology();
  });

  it('shows a spinning host and a loading node while the first refresh runs', () => {
    const rows = walk(state({ status: 'connecting' }));
    assert.equal(rows[0]!.item.icon, 'loading~spin');
    assert.equal(rows[0]!.item.description, 'connecting…');
    assert.equal(rows[1]!.item.label, 'Connecting…');
    assert.equal(rows[1]!.item.contextValue, 'loading');
    assert.equal(rows[1]!.parentId, 'host/lab');
  });

  it('turns "sudo wants a password" from a real refresh into an error node with the fix', async () => {
    const error = await collectTopology(sudoWantsPassword, { sudo: true }).then(
      () => assert.fail('the refresh must fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RemoteError);
    assert.equal(error.kind, 'sudo-password');
    const s = state({ status: 'failed', error: { message: error.message, kind: error.kind } });
    const rows = walk(s);
    assert.equal(rows[0]!.item.contextValue, 'host.failed');
    assert.equal(rows[0]!.item.icon, 'error');
    const node = rows[1]!;
    assert.equal(node.item.label, 'sudo wants a password');
    assert.match(node.item.description, /NOPASSWD/);
    assert.equal(node.item.contextValue, 'error.host');
    assert.match(node.item.tooltipMarkdown, /NOPASSWD/);
    assert.equal(parent(node.node, s)?.id, 'host/lab');
    assert.equal(rows.length, 2, 'nothing else under a host that never loaded');
  });

  it('keeps the last topology under a failed host, after the error node', () => {
    const rows = walk(state({ status: 'failed', error: { message: 'connection reset', kind: 'connection' }, topology }));
    const top = rows.filter((r) => r.parentId === 'host/lab').map((r) => r.item.label);
    assert.equal(top[0], 'connection failed');
    assert.ok(top.includes('Namespaces') && top.includes('Devices'), top.join(', '));
  });

  it('shows section errors under the host and namespace errors under their namespace', () => {
    const ns = topology.namespaces[0]!;
    const broken: Topology = {
      ...topology,
      namespaces: topology.namespaces.map((n) =>
        n === ns ? { ...n, error: { section: `netns:${n.name}`, kind: 'failed', message: 'Cannot open network namespace' } } : n,
      ),
      errors: [
        ...topology.errors,
        { section: 'ovs', kind: 'permission', message: 'ovs-vsctl: database connection failed (Permission denied)' },
        { section: `netns:${ns.name}`, kind: 'failed', message: 'Cannot open network namespace' },
      ],
    };
    const s = state({ status: 'connected', topology: broken });
    const rows = walk(s);
    const ovs = rows.find((r) => r.item.label === 'ovs: permission denied')!;
    assert.equal(ovs.parentId, 'host/lab');
    assert.equal(ovs.item.contextValue, 'error.section');
    assert.equal(ovs.item.icon, 'warning');
    const nsError = rows.filter((r) => r.item.label.startsWith(`netns:${ns.name}`));
    assert.equal(nsError.length, 1, 'a namespace error is shown once, under its namespace');
    assert.equal(nsError[0]!.parentId, `host/lab/ns/${encodeURIComponent(ns.name)}`);
    assert.equal(parent(nsError[0]!.node, s)?.id, nsError[0]!.parentId);
  });

  it('explains a backend that is not iptables_hybrid in one line', () => {
    const native: Topology = { ...topology, backend: { kind: 'ovs-native', evidence: ['firewall_driver = openvswitch'] } };
    const [info] = children(children(undefined, state({ status: 'connected', topology: native }))[0], state({ status: 'connected', topology: native }));
    assert.equal(info!.kind, 'info');
    const i = item(info!);
    assert.match(i.label, /^ML2\/OVS openvswitch firewall: .*OpenFlow rules in br-int/);
    assert.equal(i.contextValue, 'info.backend');
    const hybrid = children(children(undefined, state({ status: 'connected', topology }))[0], state({ status: 'connected', topology }));
    assert.equal(hybrid.filter((n) => n.kind === 'info').length, 0, 'iptables_hybrid needs no note');
  });
});
