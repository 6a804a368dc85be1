// A failing section (missing command, permission denied, namespace deleted, garbage) becomes a
// SectionError and the rest of the real recording is still used.
import { strict as assert } from 'node:assert';
import { buildTopology } from '../../../src/core/model/build';
import type { Topology } from '../../../src/core/model/types';
import { splitSections } from '../../../src/core/snapshot/parse';
import { assembleSnapshot, TEST_NONCE, type FakeSection } from '../snapshot/assemble';
import { defaultManifest, recordedSections } from './recorded';

/** The default recording with some sections replaced (or removed with null). */
function variant(changes: Record<string, FakeSection | null>, opts: { complete?: boolean } = {}): Topology {
  const { sections } = recordedSections('default');
  const list: [string, FakeSection][] = [];
  for (const [id, s] of sections) {
    const change = changes[id];
    if (change === null) continue;
    list.push([id, change ?? { stdout: s.stdout, stderr: s.stderr, exitCode: s.exitCode ?? 0 }]);
  }
  return buildTopology(splitSections(assembleSnapshot(list, opts), TEST_NONCE), { target: 't', takenAt: 0 });
}

/** The section index of a namespace in the recording. */
function nsIndex(name: string): number {
  const { sections } = recordedSections('default');
  for (let i = 1; sections.has(`ns.${i}`); i++) if (sections.get(`ns.${i}`)!.stdout === name) return i;
  throw new Error(`no ${name} in the recording`);
}

describe('model/build keeps the rest when a section fails', () => {
  const manifest = defaultManifest();
  const router = manifest.routers[0];
  const network = manifest.networks[0];

  it('a namespace deleted mid-run: that namespace carries the error, the others are whole', () => {
    const i = nsIndex(router.namespace);
    const gone = `Cannot open network namespace "${router.namespace}": No such file or directory`;
    const topo = variant({
      [`ns.${i}.ip`]: { stdout: '', stderr: gone, exitCode: 255 },
      [`ns.${i}.nat`]: { stdout: '', stderr: gone, exitCode: 1 },
    });
    const ns = topo.namespaces.find((n) => n.name === router.namespace)!;
    assert.equal(ns.error?.kind, 'not-found');
    assert.match(ns.error!.message, /Cannot open network namespace/);
    assert.deepEqual(ns.devices, []);
    assert.deepEqual(topo.floatingIps, []);
    const dhcp = topo.namespaces.find((n) => n.name === network.namespace)!;
    assert.equal(dhcp.error, null);
    assert.ok(dhcp.devices.includes(`${network.namespace}/${network.dhcpPort.name}`));
    assert.equal(topo.dhcp[0].namespace, network.namespace);
    assert.ok(topo.errors.every((e) => e.section.startsWith(`netns:${router.namespace}`)));
  });

  it('no Open vSwitch: one "ovs" error, devices and iptables still there', () => {
    const missing = { stdout: '', stderr: 'sh: 1: ovs-vsctl: not found', exitCode: 127 };
    const topo = variant({ 'ovs.version': missing, 'ovs.bridge': missing, 'ovs.port': missing, 'ovs.iface': missing });
    assert.deepEqual(topo.errors, [{ section: 'ovs', kind: 'not-found', message: 'sh: 1: ovs-vsctl: not found' }]);
    assert.deepEqual(topo.ovs.bridges, []);
    assert.ok(topo.devices.some((d) => d.name === manifest.instancePorts[0].qvo));
    assert.ok(topo.iptables);
    assert.equal(topo.floatingIps.length, manifest.floatingIps.length);
  });

  it('iptables-save without root: a permission error, no sg chains, the rest intact', () => {
    const topo = variant({
      iptables: { stdout: '', stderr: 'iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)', exitCode: 1 },
    });
    assert.equal(topo.iptables, null);
    assert.deepEqual(topo.errors.map((e) => [e.section, e.kind]), [['iptables', 'permission']]);
    const port = topo.ports.find((p) => p.prefix === manifest.instancePorts[0].prefix11)!;
    assert.deepEqual(port.sgChains, { inbound: null, outbound: null, spoofing: null });
    assert.equal(port.vlanTag, manifest.instancePorts[0].tag);
  });

  it('garbage output: a parse error that names the source, the rest intact', () => {
    const topo = variant({ dnsmasq: { stdout: '{"not": "ps output"}\n\u0000\u0001', exitCode: 0 } });
    assert.equal(topo.errors.length, 1);
    assert.equal(topo.errors[0].section, 'dnsmasq');
    assert.equal(topo.errors[0].kind, 'parse');
    assert.deepEqual(topo.dhcp, []);
    assert.equal(topo.namespaces.length, manifest.namespaces.length);
  });

  it('output cut short (connection dropped): the unfinished and missing sections are errors', () => {
    const topo = variant({ procs: null, dnsmasq: null, 'iptables.variants': null }, { complete: false });
    assert.deepEqual(topo.errors.map((e) => e.section).sort(), ['dnsmasq', 'iptables variants', 'processes']);
    assert.equal(topo.namespaces.length, manifest.namespaces.length);
  });
});
