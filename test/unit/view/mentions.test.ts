// "Reveal in tree" links: device names in real `ip` output of the lab.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from '../../../src/core/model/types';
import { deviceMentions } from '../../../src/core/view';
import { labTopology } from './lab-snapshot';

const lab = (name: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', 'lab', name), 'utf8');

describe('device mentions in query output', () => {
  let topology: Topology;
  before(async () => {
    topology = await labTopology();
  });

  it('links the qr- and qg- devices in the qrouter\'s ip addr to that namespace', () => {
    const router = topology.namespaces.find((n) => n.kind === 'qrouter')!;
    const text = lab('ip-addr-qrouter.txt');
    const mentions = deviceMentions(text, topology.devices, router.name);
    const names = new Set(mentions.map((m) => m.device.name));
    const inside = topology.devices.filter((d) => d.namespace === router.name && d.name !== 'lo').map((d) => d.name);
    assert.ok(inside.length >= 2);
    assert.deepEqual([...names].sort(), inside.sort());
    for (const m of mentions) {
      assert.equal(text.slice(m.start, m.end), m.device.name);
      assert.equal(m.device.namespace, router.name);
    }
    assert.ok(!mentions.some((m) => m.device.name === 'lo'), 'lo is never linked');
  });

  it('links both ends of "qvb…@qvo…" in the root ip link output, and only whole names', () => {
    const qvb = topology.devices.find((d) => d.role === 'veth-bridge-side')!;
    const qvo = topology.devices.find((d) => d.role === 'veth-ovs-side')!;
    const text = `12: ${qvb.name}@${qvo.name}: <BROADCAST> mtu 1450 master ${qvb.master}\n x${qvb.name} ${qvo.name}x ${qvo.name}.100`;
    const found = deviceMentions(text, topology.devices, null).map((m) => text.slice(m.start, m.end));
    assert.deepEqual(found, [qvb.name, qvo.name, qvb.master]);
  });
});
