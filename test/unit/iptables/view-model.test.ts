import { strict as assert } from 'node:assert';
import { buildInspectorModel, countersUpdate, NO_IPTABLES_SAVE, sameRules } from '../../../src/core/iptables/view-model';
import { InspectorModelSchema } from '../../../src/core/messages/chain-inspector';
import { parseIptablesSave } from '../../../src/core/parse/iptables';
import { labDump, labManifest } from './fixtures';

const ROUTER = labManifest().floatingIps[0]?.namespace ?? 'qrouter-missing';
const PORT = labManifest().instancePorts[0]?.prefix11 ?? 'missing';

describe('inspector view model', () => {
  it('builds the port view of the lab instance: inbound chain, highlighted tap rules, schema-valid', () => {
    const model = buildInspectorModel({ target: { alias: 'lab', namespace: null, mode: 'port', portPrefix: PORT }, dump: labDump('root'), backend: 'ovs-hybrid', takenAt: 1, live: false });
    assert.equal(InspectorModelSchema.safeParse(model).success, true);
    assert.equal(model.port?.inbound, `neutron-openvswi-i${PORT.slice(0, 10)}`);
    assert.equal(model.device, `tap${PORT}`);
    assert.equal(model.notice, null);
    const filter = model.tables.find((t) => t.name === 'filter');
    const rows = filter?.chains.flatMap((c) => c.rules) ?? [];
    assert.equal(rows.filter((r) => r.highlighted).length, 5);
    const inbound = filter?.chains.find((c) => c.name === model.port?.inbound);
    assert.deepEqual(inbound?.referencedBy, [{ chain: 'neutron-openvswi-sg-chain', index: 1 }]);
    const ssh = inbound?.rules.find((r) => r.ports === 'dport 22');
    assert.equal(ssh?.explanation, 'allow inbound TCP port 22 (ssh) from anywhere');
    assert.equal(ssh?.index, 3);
    assert.equal(inbound?.rules.at(-1)?.jump, 'neutron-openvswi-sg-fallback');
  });

  it('builds the NAT view of the lab router', () => {
    const model = buildInspectorModel({ target: { alias: 'lab', namespace: ROUTER, mode: 'nat' }, dump: labDump('qrouter'), backend: 'ovs-hybrid', takenAt: null, live: false });
    const fip = labManifest().floatingIps[0];
    assert.deepEqual(model.nat?.floating.map((f) => [f.floating, f.fixed]), [[fip?.floating, fip?.fixed]]);
    assert.deepEqual(model.tables.map((t) => t.name), ['filter', 'nat', 'mangle']);
    assert.equal(model.variant, 'nf_tables');
  });

  it('says plainly when iptables-save is missing, when another firewall backend is used, and when both variants hold rules', () => {
    const missing = buildInspectorModel({ target: { alias: 'lab', namespace: null, mode: 'tables' }, dump: null, notice: NO_IPTABLES_SAVE, backend: 'unknown', takenAt: null, live: false });
    assert.equal(missing.notice, NO_IPTABLES_SAVE);
    assert.deepEqual(missing.tables, []);
    const ovn = buildInspectorModel({ target: { alias: 'lab', namespace: null, mode: 'port', portPrefix: 'deadbeef-00' }, dump: labDump('root'), backend: 'ovn', takenAt: null, live: false });
    assert.match(ovn.notice ?? '', /OVN/);
    const native = buildInspectorModel({ target: { alias: 'lab', namespace: null, mode: 'port', portPrefix: 'deadbeef-00' }, dump: labDump('root'), backend: 'ovs-native', takenAt: null, live: false });
    assert.match(native.notice ?? '', /Open vSwitch firewall driver/);
    const mixed = buildInspectorModel({ target: { alias: 'lab', namespace: null, mode: 'tables' }, dump: labDump('root'), backend: 'ovs-hybrid', mixedVariants: true, takenAt: null, live: false });
    assert.match(mixed.warnings.join(' '), /both iptables-legacy and nf_tables/);
    const hybridNoPort = buildInspectorModel({ target: { alias: 'lab', namespace: null, mode: 'port', portPrefix: 'deadbeef-00' }, dump: labDump('root'), backend: 'ovs-hybrid', takenAt: null, live: false });
    assert.match(hybridNoPort.warnings.join(' '), /No rule in the filter table mentions tapdeadbeef-00/);
  });

  it('sends counters only when the rules did not change', () => {
    const before = parseIptablesSave('*filter\n:INPUT ACCEPT [1:2]\n[3:4] -A INPUT -p icmp -j ACCEPT\nCOMMIT\n');
    const after = parseIptablesSave('*filter\n:INPUT ACCEPT [5:6]\n[7:8] -A INPUT -p icmp -j ACCEPT\nCOMMIT\n');
    const changed = parseIptablesSave('*filter\n:INPUT ACCEPT [5:6]\n[7:8] -A INPUT -p tcp -j ACCEPT\nCOMMIT\n');
    assert.equal(sameRules(before, after), true);
    assert.equal(sameRules(before, changed), false);
    assert.deepEqual(countersUpdate(after, 9).tables, [{ name: 'filter', chains: [{ name: 'INPUT', counters: { packets: 5, bytes: 6 }, rules: [{ packets: 7, bytes: 8 }] }] }]);
  });
});
