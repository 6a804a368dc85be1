// The tracer at a tunnel: a packet for an address no port of this host holds leaves through br-tun's
// tunnel; the trace stops there and says to which IP and which configured host. The host is the real
// Neutron 21 hybrid lab with the agent's Port other_config (snapshot-fidelity.txt); being single-node it has
// no tunnel, so the real network node's tunnel port of ovs-vsctl-show-3 (vxlan-0a006458 → 10.0.100.88) is
// grafted onto its br-tun (derived, see test/fixtures/deployment/README.md); the compute at 10.0.100.88 is
// the real compute capture ovs-vsctl-show-2.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from '../../../src/core/model/types';
import { tracePacket } from '../../../src/core/trace';
import type { TraceRequest } from '../../../src/core/trace/types';
import { topologyOf } from '../view/lab-snapshot';
import { showHost } from './fixtures';

const DIR = join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovs-hybrid');
const m = JSON.parse(readFileSync(join(DIR, 'manifest-fidelity.json'), 'utf8')) as { instancePorts: { prefix11: string; fixedIp: string }[]; networks: { cidr: string }[] };
const vm1 = m.instancePorts.find((p) => p.fixedIp === '10.0.0.23')!;
/** On vm1's subnet 10.0.0.0/26, held by no port of the lab. */
const ELSEWHERE = '10.0.0.50';
const req: TraceRequest = { from: { kind: 'port', port: vm1.prefix11 }, to: ELSEWHERE, proto: 'tcp', port: 22 };

function withTunnel(t: Topology): Topology {
  const port = showHost('network', 'ovs-vsctl-show-3.txt').ovs.bridges.find((b) => b.name === 'br-tun')!.ports.find((p) => p.type === 'vxlan')!;
  return { ...t, ovs: { ...t.ovs, bridges: t.ovs.bridges.map((b) => (b.name === 'br-tun' ? { ...b, ports: [...b.ports, port] } : b)) } };
}

describe('tracer: a packet that leaves through a tunnel', () => {
  let lab: Topology;
  before(async () => {
    lab = await topologyOf(readFileSync(join(DIR, 'snapshot-fidelity.txt'), 'utf8'));
    assert.equal(m.networks[0]!.cidr, '10.0.0.0/26');
  });

  it('without a tunnel port (the real single-node lab) names no tunnel', async () => {
    const r = await tracePacket(lab, req, { alias: 'lab', sudo: true });
    assert.ok(!/leaves through|tunnel/.test(r.line), r.line);
    assert.ok(!r.steps.some((s) => s.hop === 'tunnel'));
  });

  it('stops at the tunnel and says so when no other host is configured', async () => {
    const r = await tracePacket(withTunnel(lab), req, { alias: 'lab', sudo: true });
    assert.equal(r.verdict, 'unknown');
    assert.equal(r.line, 'leaves through vxlan-0a006458 to 10.0.100.88 (unresolved: no other host configured, not traced further)');
    const last = r.steps.at(-1)!;
    assert.deepEqual([last.hop, last.object, last.ref.kind, last.ref.treeId], ['tunnel', 'vxlan-0a006458', 'ovs-bridge', 'host/lab/ovs/br-tun']);
    assert.equal(r.decidedBy?.name, 'vxlan-0a006458');
  });

  it('names the configured host at the other end (the compute whose local_ip is 10.0.100.88)', async () => {
    const t = withTunnel(lab);
    const deployment = { alias: 'lab', hosts: [{ alias: 'lab', topology: t }, { alias: 'compute', topology: showHost('compute', 'ovs-vsctl-show-2.txt') }] };
    const r = await tracePacket(t, req, { alias: 'lab', sudo: true, deployment });
    assert.equal(r.line, 'leaves through vxlan-0a006458 to 10.0.100.88 (host compute, not traced further)');
    assert.match(r.steps.at(-1)!.detail, /remote_ip 10\.0\.100\.88 is compute's local_ip of vxlan-0a00644d on br-tun/);
    const unknownPeer = await tracePacket(t, req, { alias: 'lab', sudo: true, deployment: { alias: 'lab', hosts: [{ alias: 'lab', topology: t }] } });
    assert.equal(unknownPeer.line, 'leaves through vxlan-0a006458 to 10.0.100.88 (unresolved: no configured host has 10.0.100.88, not traced further)');
  });
});
