// The hybrid walker on a real Neutron 21 ML2/OVS iptables_hybrid node (recorded by the real Neutron lab:
// test/fixtures/neutron/ovs-hybrid, INDEX.md): qg- on br-int behind the int-br-ex patch, remote-group ipsets.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from '../../../src/core/model/types';
import { tracePacket } from '../../../src/core/trace';
import { parseIpsetList } from '../../../src/core/trace/live';
import type { TraceRequest } from '../../../src/core/trace/types';
import { topologyOf } from '../view/lab-snapshot';

const DIR = join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovs-hybrid');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { floatingIps: { floating: string; fixed: string; portId: string }[] };
const fip = manifest.floatingIps[0]!;
const vm1 = fip.portId.slice(0, 11);
const ipsets = parseIpsetList(readFileSync(join(DIR, 'ipset-list.txt'), 'utf8'));
const req = (from: string, to: string, proto: TraceRequest['proto'], port: number | null): TraceRequest => ({ from: from === 'outside' ? { kind: 'outside' } : { kind: 'port', port: from }, to, proto, port });

describe('packet tracer on a real Neutron ovs-hybrid node', () => {
  let t: Topology;
  before(async () => {
    t = await topologyOf(readFileSync(join(DIR, 'snapshot-raw.txt'), 'utf8'));
  });

  it('reads the recorded ipsets', () => {
    assert.deepEqual(ipsets.get('NIPv45143bfc9-cfc6-464c-abe9-'), ['10.0.0.117', fip.fixed]);
    assert.deepEqual(ipsets.get('NIPv65143bfc9-cfc6-464c-abe9-'), []);
  });

  it('tcp/22 from outside to the floating IP crosses br-ex → int-br-ex patch → qg- on br-int, DNAT, and is accepted by the port\'s tcp 22 rule', async () => {
    const r = await tracePacket(t, req('outside', fip.floating, 'tcp', 22), { alias: 'lab', sudo: true, ipsets });
    assert.equal(r.verdict, 'delivered', r.line);
    assert.equal(r.decidedBy?.name, `neutron-openvswi-i${vm1.slice(0, 10)}`);
    assert.equal(r.decidedBy?.rule, 5);
    assert.ok(r.steps.some((s) => s.hop === 'OVS switch' && /patch ports br-ex:phy-br-ex ↔ br-int:int-br-ex/.test(s.detail)), r.steps.map((s) => s.detail).join('\n'));
    assert.ok(r.steps.some((s) => s.hop === 'DNAT' && s.detail.includes(`${fip.floating} → ${fip.fixed}`)));
  });

  it('udp/53 to the floating IP: dropped by the fallback with the ipsets; without them, unknown and naming the set', async () => {
    const known = await tracePacket(t, req('outside', fip.floating, 'udp', 53), { alias: 'lab', sudo: true, ipsets });
    assert.equal(known.verdict, 'dropped');
    assert.equal(known.decidedBy?.name, 'neutron-openvswi-sg-fallback');
    const blind = await tracePacket(t, req('outside', fip.floating, 'udp', 53), { alias: 'lab', sudo: true });
    assert.equal(blind.verdict, 'unknown');
    assert.match(blind.line, /ipset NIPv45143bfc9-cfc6-464c-abe9- \(src\): its members are not in the snapshot/);
  });

  it('from vm1 to vm2 on the other network: routed by the router, accepted by the remote-group rule (vm1 is a member)', async () => {
    const r = await tracePacket(t, req(vm1, '10.0.0.117', 'udp', 53), { alias: 'lab', sudo: true, ipsets });
    assert.equal(r.verdict, 'delivered', r.line);
    assert.equal(r.decidedBy?.rule, 4);
    assert.match(r.line, /members of remote security group 5143bfc9.*ipset NIPv45143bfc9/);
    assert.ok(r.steps.some((s) => s.hop === 'routing' && /10\.0\.0\.64\/26 dev qr-/.test(s.detail)));
  });

  it('from vm1 to the outside (172.24.4.1): float-snat to its floating IP, out through int-br-ex to br-ex', async () => {
    const r = await tracePacket(t, req(vm1, '172.24.4.1', 'icmp', null), { alias: 'lab', sudo: true, ipsets });
    assert.equal(r.verdict, 'delivered', r.line);
    assert.ok(r.steps.some((s) => s.hop === 'SNAT' && s.detail.includes(`→ ${fip.floating}`)));
    assert.ok(r.steps.some((s) => s.hop === 'OVS switch' && /int-br-ex ↔ br-ex:phy-br-ex/.test(s.detail)));
  });
});
