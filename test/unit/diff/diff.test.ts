import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffCounts, diffTopologies, type KindDiffer } from '../../../src/core/diff';
import type { Topology } from '../../../src/core/model/types';
import type { Manifest } from '../../lab/manifest';
import { topologyOf } from '../view/lab-snapshot';

const SNAP = join(__dirname, '..', '..', 'fixtures', 'snapshot');
const manifest = (name: string) => JSON.parse(readFileSync(join(SNAP, name), 'utf8')) as Manifest;

describe('diff: two real lab snapshots (1 instance + 1 floating IP → 2 + 2)', () => {
  let one: Topology;
  let two: Topology;
  before(async () => {
    one = await topologyOf(readFileSync(join(SNAP, '..', 'lab', 'snapshot-default.txt'), 'utf8'));
    two = await topologyOf(readFileSync(join(SNAP, 'snapshot-two-fips.txt'), 'utf8'));
  });

  it('lists exactly the new port: tap/qbr/qvb/qvo, its OVS port, bridge, Neutron port, chains, jumps and NAT rules, its floating IP', () => {
    const fip = manifest('manifest-two-fips.json').floatingIps[1]!;
    const prefix = fip.portId.slice(0, 11);
    const router = fip.namespace;
    const d = diffTopologies(one, two);
    const names = d.added.map((r) => `${r.kind} ${r.namespace ?? '-'} ${r.name}`);
    const expected = [
      ...['tap', 'qbr', 'qvo', 'qvb'].map((p) => `device - ${p}${prefix}`),
      `ovsPort - qvo${prefix}`,
      `linuxBridge - qbr${prefix}`,
      `port - ${fip.portId}`,
      ...['i', 'o', 's'].map((c) => `chain - filter/neutron-openvswi-${c}${prefix.slice(0, 10)}`),
      `rule ${router} -t nat -A neutron-l3-agent-OUTPUT -d ${fip.floating}/32 -j DNAT --to-destination ${fip.fixed}`,
      `rule ${router} -t nat -A neutron-l3-agent-PREROUTING -d ${fip.floating}/32 -j DNAT --to-destination ${fip.fixed}`,
      `rule ${router} -t nat -A neutron-l3-agent-float-snat -s ${fip.fixed}/32 -j SNAT --to-source ${fip.floating} --random-fully`,
      `floatingIp ${router} ${fip.floating}`,
    ];
    for (const e of expected) assert.ok(names.includes(e), `missing: ${e}\n${names.join('\n')}`);
    // The rest are the jumps into the new chains, in existing chains (rules of new chains fold into them).
    const rest = names.filter((n) => !expected.includes(n));
    assert.equal(rest.length, 5, rest.join('\n'));
    for (const r of rest) assert.match(r, new RegExp(`^rule - -t filter -A neutron-openvswi-(FORWARD|INPUT|sg-chain) .*tap${prefix}`));
    assert.deepEqual(d.removed, []);
    // The gateway gained the floating address.
    assert.ok(d.changed.some((c) => c.kind === 'device' && c.name === fip.device && c.fields.includes('addresses')));
    assert.deepEqual(diffCounts(d).chain, { added: 3, removed: 0, changed: 0 });
  });

  it('is empty between a snapshot and itself, and symmetric: removed one way is added the other', () => {
    assert.deepEqual(diffTopologies(two, two), { added: [], removed: [], changed: [] });
    const forward = diffTopologies(one, two);
    const back = diffTopologies(two, one);
    const key = (r: { kind: string; name: string; namespace: string | null }) => `${r.kind}|${r.namespace}|${r.name}`;
    assert.deepEqual(back.removed.map(key).sort(), forward.added.map(key).sort());
    assert.deepEqual(back.added, []);
  });

  it('hides counter-only changes unless asked, and reports rule order changes on the chain', () => {
    const dump = two.iptables!;
    const bumped: Topology = {
      ...two,
      iptables: {
        ...dump,
        tables: dump.tables.map((t) => ({
          ...t,
          chains: t.chains.map((c) => ({ ...c, counters: c.counters && { packets: c.counters.packets + 5, bytes: c.counters.bytes + 500 } })),
        })),
      },
    };
    assert.deepEqual(diffTopologies(two, bumped).changed, []);
    const shown = diffTopologies(two, bumped, { counters: true }).changed;
    assert.ok(shown.length > 0 && shown.every((c) => c.kind === 'chain' && c.fields.join() === 'counters'));

    const filter = dump.tables.find((t) => t.name === 'filter')!;
    const chain = filter.chains.find((c) => c.rules.length >= 2)!;
    const swapped: Topology = {
      ...two,
      iptables: {
        ...dump,
        tables: dump.tables.map((t) =>
          t !== filter ? t : { ...t, chains: t.chains.map((c) => (c !== chain ? c : { ...c, rules: [c.rules[1]!, c.rules[0]!, ...c.rules.slice(2)] })) },
        ),
      },
    };
    const d = diffTopologies(two, swapped);
    assert.deepEqual(d.changed, [{ kind: 'chain', name: `filter/${chain.name}`, namespace: null, fields: ['rule order'] }]);
    assert.deepEqual([d.added, d.removed], [[], []]);
  });

  it('reports changed fields of a device by name (state, peer, tag), never by position', () => {
    const tap = two.devices.find((d) => d.role === 'instance-tap')!;
    const moved: Topology = {
      ...two,
      devices: [...two.devices.filter((d) => d !== tap).reverse(), { ...tap, state: tap.state === 'UP' ? 'DOWN' : 'UP', ovsTag: 99, peer: { namespace: 'x', name: 'y' } }],
    };
    assert.deepEqual(diffTopologies(two, moved).changed, [{ kind: 'device', name: tap.name, namespace: null, fields: ['state', 'peer', 'tag'] }]);
  });

  it('takes extra differs from a back end (e.g. OVN) beside the common ones', () => {
    const extra: KindDiffer = { kind: 'hostname', *items(t) { yield ['h', { name: 'h', namespace: null, fields: { hostname: t.host.hostname } }]; } };
    const renamed: Topology = { ...two, host: { ...two.host, hostname: 'other' } };
    assert.deepEqual(diffTopologies(two, renamed, { differs: [extra] }), { added: [], removed: [], changed: [{ kind: 'hostname', name: 'h', namespace: null, fields: ['hostname'] }] });
  });
});
