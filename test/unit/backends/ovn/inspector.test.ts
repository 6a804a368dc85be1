import { strict as assert } from 'node:assert';
import { explainAcl, ovnInspector } from '../../../../src/core/backends/ovn/inspector';
import { parseAcls } from '../../../../src/core/backends/ovn/parse/acl';
import { buildInspectorModel } from '../../../../src/core/iptables/view-model';
import { InspectorModelSchema, ToWebviewSchema } from '../../../../src/core/messages/chain-inspector';
import { iptablesTargetOf, type TreeNode } from '../../../../src/core/view';
import { inspectorPlan } from '../../../../webview/lib/inspector-plan';
import type { PlanChild } from '../../../../webview/lib/plan';
import { loadCapture } from '../../helpers/captures';
import { connected, walk } from '../../view/walk';
import { IDS, ovnTopology } from './fixtures';

const text = (c: PlanChild | readonly PlanChild[]): string =>
  Array.isArray(c) ? c.map(text).join(' ') : typeof c === 'string' ? c : text((c as { children: readonly PlanChild[] }).children);

describe('inspector, OVN mode', () => {
  const topo = ovnTopology();
  const rows = walk(connected(topo, 'ovn'));
  const portNode = rows.find((r) => r.item.label === 'vm1-port')!.node as TreeNode;
  const routerNode = rows.find((r) => r.item.label === 'router1')!.node as TreeNode;

  it('explains ACLs in plain words with the Neutron rule id', () => {
    const acl = (direction: string, match: string, action = 'allow-related', ruleId: string | null = 'r1') => explainAcl({ direction, match, action, ruleId });
    assert.equal(acl('to-lport', 'outport == @pg_x && ip4 && ip4.src == 0.0.0.0/0 && tcp && tcp.dst == 22'), 'allow inbound TCP 22 from anywhere (rule r1)');
    assert.equal(acl('from-lport', 'inport == @pg_x && ip4'), 'allow outbound IPv4 to anywhere (rule r1)');
    assert.equal(acl('to-lport', 'outport == @pg_x && ip4 && ip4.src == 10.0.0.0/24 && udp && udp.dst >= 5000 && udp.dst <= 5010'), 'allow inbound UDP 5000-5010 from 10.0.0.0/24 (rule r1)');
    assert.equal(acl('to-lport', 'outport == @neutron_pg_drop && ip', 'drop', null), 'drop everything else inbound: neutron_pg_drop');
    assert.equal(
      acl('to-lport', 'outport == @pg_e755eda1_c654_42b8_b20e_3de46ce4f0d6 && ip4 && ip4.src == $pg_e755eda1_c654_42b8_b20e_3de46ce4f0d6_ip4', 'allow-related', null),
      'allow inbound IPv4 from members of security group e755eda1-c654-42b8-b20e-3de46ce4f0d6',
    );
    // Every ACL of a real 2024 list has words (ovn-acl-1).
    for (const a of parseAcls(loadCapture('ovn-era/ovn-acl-1.txt'))) {
      const words = explainAcl({ ...a, ruleId: a.externalIds['neutron:security_group_rule_id'] ?? null });
      assert.match(words, /^(allow|drop|reject) (inbound|outbound|everything)/, words);
    }
  });

  it('List security groups on the instance port: its port groups, ACLs per direction by priority, address sets expanded', () => {
    const target = iptablesTargetOf(portNode)!;
    assert.deepEqual(target, { alias: 'ovn', namespace: null, mode: 'ovn-port', ovnPort: IDS.vm, device: 'tap0edf3845-25' });
    const sec = ovnInspector(topo.ovn, target)!.security!;
    assert.equal(sec.portLabel, 'vm1-port on private');
    assert.deepEqual(sec.groups.map((g) => [g.name, g.inbound.length, g.outbound.length]), [['pg_e755eda1_c654_42b8_b20e_3de46ce4f0d6', 3, 2], ['neutron_pg_drop', 1, 1]]);
    assert.ok(sec.groups[0].inbound.some((r) => r.explanation === `allow inbound TCP 22 from anywhere (rule ${IDS.tcp22Rule})`));
    assert.deepEqual(sec.groups[1].inbound.map((r) => r.explanation), ['drop everything else inbound: neutron_pg_drop']);
    assert.deepEqual(sec.addressSets.map((s) => [s.name, s.addresses]), [
      ['as_ip4_web', ['10.0.0.38', '10.0.0.40']], ['pg_e755eda1_c654_42b8_b20e_3de46ce4f0d6_ip4', ['10.0.0.38']],
    ]);
  });

  it('the NAT view of the router pairs floating and fixed IPs, distributed or centralized, and the default SNAT', () => {
    const target = iptablesTargetOf(routerNode)!;
    assert.equal(target.mode, 'ovn-nat');
    const nat = ovnInspector(topo.ovn, target)!.nat!;
    assert.deepEqual(nat.floating.map((f) => [f.floating, f.fixed, f.mode]), [['172.24.4.8', '10.0.0.38', 'centralized'], ['172.24.4.9', '10.0.0.40', 'distributed']]);
    assert.deepEqual(nat.snat, [{ subnet: '10.0.0.0/26', external: '172.24.4.191' }]);
    assert.equal(nat.gateway, '172.24.4.191/24, 2001:db8::1/64 · active on devstack');
  });

  it('the inspector model for an OVN target crosses the message boundary and renders as text leaves', () => {
    const target = iptablesTargetOf(portNode)!;
    const model = buildInspectorModel({ target, dump: null, backend: 'ovn', takenAt: 1, live: false, ovn: topo.ovn });
    assert.equal(model.notice, null);
    assert.ok(InspectorModelSchema.safeParse(model).success);
    assert.ok(ToWebviewSchema.safeParse({ type: 'model', model }).success);
    const plan = text(inspectorPlan(model, { view: { kind: 'ovn-port' }, history: [], position: 0, filter: '', rawShown: [] }));
    assert.match(plan, /Security groups of vm1-port on private/);
    assert.match(plan, /allow inbound TCP 22 from anywhere/);
    const natModel = buildInspectorModel({ target: iptablesTargetOf(routerNode)!, dump: null, backend: 'ovn', takenAt: 1, live: false, ovn: topo.ovn });
    assert.match(text(inspectorPlan(natModel, { view: { kind: 'ovn-nat' }, history: [], position: 0, filter: '', rawShown: [] })), /172\.24\.4\.8 ↔ 10\.0\.0\.38 centralized/);
  });

  it('without OVN data the panel says why instead of showing nothing', () => {
    const model = buildInspectorModel({ target: { alias: 'ovn', namespace: null, mode: 'ovn-port', ovnPort: 'x' }, dump: null, backend: 'ovn', takenAt: null, live: false, ovn: null });
    assert.match(model.notice ?? '', /No OVN data for this host/);
  });
});
