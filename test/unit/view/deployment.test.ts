// The tree's deployment rows (src/core/view/deployment.ts) over real captures (test/fixtures/deployment/README.md):
// added above the hosts, each host subtree unchanged, ids unique, parent() the inverse of children().
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSettings } from '../../../src/core/settings/schema';
import { COMMANDS } from '../../../src/core/view/constants';
import { children, item, otherEnd, parent, withDeployments, type HostView, type ViewState } from '../../../src/core/view';
import type { Topology } from '../../../src/core/model/types';
import { labBrTun, labHost, showHost } from '../deployment/fixtures';
import { walk } from './walk';

const host = (alias: string, topology: Topology): HostView => ({ alias, target: alias, status: 'connected', error: null, topology });
const base = (hosts: HostView[]): ViewState => ({ hosts, options: { hideLoopback: true, hideEmptyGroups: true } });

describe('tree: deployments', () => {
  const pair = () => base([host('network', showHost('network', 'ovs-vsctl-show-3.txt')), host('compute', showHost('compute', 'ovs-vsctl-show-2.txt'))]);

  it('adds a configured deployment above the hosts; the host subtrees are unchanged', () => {
    const plain = walk(pair());
    const state = withDeployments(pair(), [{ name: 'lab', hosts: ['network', 'compute'] }]);
    const rows = walk(state);
    const roots = rows.filter((r) => r.parentId === undefined).map((r) => r.item.label);
    assert.deepEqual(roots, ['Deployment lab', 'network', 'compute']);
    const hostRows = rows.filter((r) => r.node.kind !== 'deployment');
    assert.deepEqual(hostRows.map((r) => r.item), plain.map((r) => r.item));
    assert.equal(new Set(rows.map((r) => r.item.id)).size, rows.length, 'ids are unique');
    for (const r of rows) {
      const up = parent(r.node, state);
      assert.equal(up?.id, r.parentId, `parent of ${r.item.id}`);
      if (up) assert.ok(children(up, state).some((c) => c.id === r.node.id));
    }
  });

  it('lists each tunnel with the host at its other end, and Reveal other end finds that port', () => {
    const state = withDeployments(pair(), [{ name: 'lab', hosts: ['network', 'compute'] }]);
    const tunnels = walk(state).filter((r) => r.node.kind === 'deployment' && r.node.part.what === 'tunnel').map((r) => [r.item.label, r.item.description, r.item.contextValue]);
    assert.deepEqual(tunnels, [
      ['vxlan-0a006458', 'network → compute · 10.0.100.88', 'deployment.tunnel;otherEnd'],
      ['vxlan-0a00644d', 'compute → network · 10.0.100.77', 'deployment.tunnel;otherEnd'],
    ]);
    const under = walk(state).filter((r) => r.parentId === 'deployment/lab').map((r) => [r.item.label, r.item.description]);
    assert.deepEqual(under, [['network', 'connected'], ['compute', 'connected'], ['Tunnels', '2'], ['Networks across hosts', '0 · br-tun flows read on expand']]);
    assert.deepEqual(otherEnd(state, 'network', 'br-tun', 'vxlan-0a006458'), { alias: 'compute', target: { ovsPort: 'vxlan-0a00644d', bridge: 'br-tun' } });
    // The host tree's own tunnel port offers it too.
    const port = walk(state).find((r) => r.node.kind === 'ovsPort' && r.item.label === 'vxlan-0a00644d')!;
    assert.match(port.item.contextValue, /;otherEnd$/);
  });

  it('says why Reveal other end cannot go anywhere for an unresolved tunnel', () => {
    const state = base([host('gre', showHost('gre', 'ovs-vsctl-show-8.txt'))]);
    assert.deepEqual(otherEnd(state, 'gre', 'br-tun', 'gre-ac122a16'), { message: 'gre-ac122a16: unresolved: no configured host has 172.18.42.22.' });
    const rows = walk(withDeployments(state, [{ name: 'gre', hosts: ['gre'] }]));
    const t = rows.find((r) => r.item.label === 'gre-ac122a16')!;
    assert.equal(t.item.contextValue, 'deployment.tunnel');
    assert.equal(rows.find((r) => r.item.label === 'Tunnels')!.item.description, '2 · 2 unresolved');
    assert.match(t.item.tooltipMarkdown, /Unresolved: no configured host has 172\\\.18\\\.42\\\.22/);
  });

  it('suggests the pair when no deployment is configured, with the tunnels as evidence', () => {
    const rows = walk(withDeployments(pair(), []));
    const root = rows[0]!;
    assert.deepEqual([root.item.label, root.item.contextValue, root.item.icon], ['Suggested deployment: network + compute', 'deployment.suggested', 'lightbulb']);
    const evidence = rows.filter((r) => r.parentId === root.item.id).map((r) => r.item.label);
    assert.deepEqual(evidence, [
      "network: vxlan-0a006458 (vxlan on br-tun) → compute: remote_ip 10.0.100.88 is compute's local_ip of vxlan-0a00644d on br-tun",
      "compute: vxlan-0a00644d (vxlan on br-tun) → network: remote_ip 10.0.100.77 is network's local_ip of vxlan-0a006458 on br-tun",
    ]);
  });

  it('shows a network across hosts with each host\'s local VLAN ↔ tunnel id, from br-tun flows once read', () => {
    const hosts = base([host('controller', labHost('ovs-hybrid', 'controller')), host('compute1', labHost('ovs-native', 'compute1', true))]);
    const spec = [{ name: 'lab', hosts: ['controller', 'compute1'] }];
    const rowsOf = (state: ViewState) => walk(state).filter((r) => r.node.kind === 'deployment' && r.node.part.what === 'networkHost' && r.item.id.includes('3a7f864e'));
    const before = rowsOf(withDeployments(hosts, spec));
    assert.deepEqual(before.map((r) => [r.item.label, r.item.description]), [['controller', 'VLAN 1 ↔ tunnel 0x350 · 3 ports · incomplete'], ['compute1', 'VLAN 2 ↔ tunnel 0x350 · 3 ports · incomplete']]);
    const flows = new Map([['controller', labBrTun('ovs-hybrid')], ['compute1', labBrTun('ovs-native', true)]]);
    const after = rowsOf(withDeployments(hosts, spec, flows));
    assert.deepEqual(after.map((r) => [r.item.label, r.item.description]), [['controller', 'VLAN 1 ↔ tunnel 0x350 · 3 ports'], ['compute1', 'VLAN 2 ↔ tunnel 0x350 · 3 ports']]);
    assert.match(after[1]!.item.tooltipMarkdown, /Evidence: br\\-tun table 4\\: tun\\_id\\=0x350 → mod\\_vlan\\_vid\\:2/);
    const net = walk(withDeployments(hosts, spec, flows)).find((r) => r.item.id.endsWith('/networks/net%3A3a7f864e-6a47-4543-9b79-c6825dca639d'))!;
    assert.equal(item(net.node).description, 'vxlan · tunnel 0x350 · 2 hosts');
  });

  it('package.json: the deployments setting has a schema, and Reveal other end is offered exactly on resolved tunnels', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    const setting = pkg.contributes.configuration.properties['devstackNet.deployments'];
    assert.deepEqual([setting.type, setting.default, setting.items.required, setting.items.additionalProperties], ['array', [], ['name', 'hosts'], false]);
    assert.equal(setting.items.properties.hosts.items.type, 'string');
    const menu = (pkg.contributes.menus['view/item/context'] as { command: string; when: string }[]).find((m) => m.command === COMMANDS.revealOtherEnd)!;
    const re = new RegExp(/viewItem =~ \/(.+?)\//.exec(menu.when)![1]!);
    const state = withDeployments(pair(), [{ name: 'lab', hosts: ['network', 'compute'] }]);
    const offered = walk(state).filter((r) => re.test(r.item.contextValue)).map((r) => `${r.node.kind}:${r.item.label}`);
    assert.deepEqual(offered.sort(), ['deployment:vxlan-0a006458', 'deployment:vxlan-0a00644d', 'ovsPort:vxlan-0a006458', 'ovsPort:vxlan-0a00644d'].sort());
    const gre = walk(withDeployments(base([host('gre', showHost('gre', 'ovs-vsctl-show-8.txt'))]), [{ name: 'g', hosts: ['gre'] }]));
    assert.ok(!gre.some((r) => r.node.kind === 'deployment' && re.test(r.item.contextValue)), 'not on an unresolved tunnel row');
  });

  it('settings: deployments name configured hosts only; the rest is reported', () => {
    const s = parseSettings({
      hosts: [{ alias: 'controller', target: 'stack@10.0.0.1' }, { alias: 'compute1', target: 'stack@10.0.0.2' }],
      deployments: [{ name: 'lab', hosts: ['controller', 'compute1', 'compute2'] }],
    });
    assert.deepEqual(s.deployments, [{ name: 'lab', hosts: ['controller', 'compute1'] }]);
    assert.deepEqual(s.problems, ['devstackNet.deployments[0] ("lab"): no host "compute2" in devstackNet.hosts, left out']);
    assert.deepEqual(parseSettings({}).deployments, []);
  });

  it('keeps hostile names as data: a deployment name with "/" cannot fake a path; markdown is escaped', () => {
    const state = withDeployments(pair(), [{ name: 'a/../host/network', hosts: ['network', 'compute'] }]);
    const rows = walk(state);
    assert.equal(rows[0]!.item.id, 'deployment/a%2F..%2Fhost%2Fnetwork');
    assert.ok(rows.filter((r) => r.node.kind === 'deployment').every((r) => r.item.id.startsWith('deployment/a%2F..%2Fhost%2Fnetwork')));
    assert.ok(rows[0]!.item.tooltipMarkdown.startsWith('**Deployment a/\\.\\./host/network**'), rows[0]!.item.tooltipMarkdown);
  });

  it('reuses the deployments while the hosts, settings and flows are the same objects, recomputes when one changes', () => {
    const state = pair();
    const spec = [{ name: 'lab', hosts: ['network', 'compute'] }];
    const flows = new Map();
    const a = withDeployments(state, spec, flows).deployments;
    assert.equal(withDeployments({ ...state }, spec, flows).deployments, a);
    const refreshed = { ...state, hosts: [state.hosts[0]!, host('compute', showHost('compute', 'ovs-vsctl-show-2.txt'))] };
    assert.notEqual(withDeployments(refreshed, spec, flows).deployments, a);
    assert.notEqual(withDeployments(refreshed, spec, new Map()).deployments, withDeployments(refreshed, spec, flows).deployments);
  });
});
