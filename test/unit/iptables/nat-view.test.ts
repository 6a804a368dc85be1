import { strict as assert } from 'node:assert';
import { buildNatView } from '../../../src/core/iptables/nat-view';
import { captureDump, labDump, labManifest, table } from './fixtures';

describe('NAT view of a router', () => {
  it("pairs the lab's floating IP with its fixed IP, with the DNAT and SNAT rules behind it", () => {
    const expected = labManifest().floatingIps[0];
    assert.ok(expected, 'the lab manifest lists a floating IP');
    const view = buildNatView(table(labDump('qrouter'), 'nat'));
    assert.deepEqual(view.floating.map((f) => [f.floating, f.fixed]), [[expected.floating, expected.fixed]]);
    const pair = view.floating[0];
    assert.deepEqual(pair?.dnat.map((r) => r.chain), ['neutron-l3-agent-OUTPUT', 'neutron-l3-agent-PREROUTING']);
    assert.deepEqual(pair?.snat.map((r) => r.explanation), [`SNAT ${expected.fixed} → ${expected.floating} (floating IP)`]);
    assert.equal(pair?.dnat[1]?.explanation, `DNAT ${expected.floating} → ${expected.fixed} (floating IP)`);
  });

  it('lists the default SNAT and the metadata redirect apart', () => {
    const view = buildNatView(table(labDump('qrouter'), 'nat'));
    assert.deepEqual(view.defaultSnat.map((r) => r.raw.includes('-o qg-d4b9de27-b2') || r.raw.includes('--ctstate DNAT')), [true, true]);
    assert.deepEqual(view.metadata.map((r) => r.explanation), ['metadata: redirect 169.254.169.254:80 to port 9697']);
  });

  it('reads real routers: Grizzly, DVR compute (no default SNAT), Kolla (no floating IP)', () => {
    const grizzly = buildNatView(table(captureDump('iptables-nat-7.txt', 'nat'), 'nat'));
    assert.deepEqual(grizzly.floating.map((f) => [f.floating, f.fixed]), [['172.24.4.228', '10.1.0.2']]);
    assert.equal(grizzly.defaultSnat.length, 1);
    const dvr = buildNatView(table(captureDump('iptables-nat-5.txt', 'nat'), 'nat'));
    assert.deepEqual(dvr.floating.map((f) => [f.floating, f.fixed]), [['203.0.113.11', '192.168.10.4']]);
    assert.deepEqual(dvr.defaultSnat, []);
    const kolla = buildNatView(table(captureDump('iptables-nat-6.txt', 'nat'), 'nat'));
    assert.deepEqual(kolla.floating, []);
    assert.equal(kolla.metadata.length, 1);
  });
});
