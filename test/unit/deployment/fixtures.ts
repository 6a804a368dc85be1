// Two hosts' worth of real output for the deployment tests. See test/fixtures/deployment/README.md:
// real pairs are used verbatim; the ML2/OVS pair with br-tun flows is derived (renumbered) here, at load time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSbShow } from '../../../src/core/backends/ovn/parse/sb-show';
import type { OvnModel } from '../../../src/core/backends/ovn/types';
import { buildTopology, ovsPortIndex } from '../../../src/core/model/build';
import type { Topology } from '../../../src/core/model/types';
import { parseDumpFlows, type OfFlow } from '../../../src/core/openflow/flows';
import { parseOvsShow } from '../../../src/core/parse/ovs';
import { splitSections } from '../../../src/core/snapshot/parse';
import { loadCapture } from '../helpers/captures';
import { assembleSnapshot, TEST_NONCE } from '../snapshot/assemble';
import { topologyOf } from '../view/lab-snapshot';

const NEUTRON = join(__dirname, '..', '..', 'fixtures', 'neutron');

/** A host known only from its `ovs-vsctl show` (a published capture): OVS bridges and ports, nothing else. */
export function showHost(target: string, capture: string, ovn: OvnModel | null = null, hostname: string | null = null): Topology {
  const state = parseOvsShow(loadCapture(capture));
  const index = ovsPortIndex(state);
  return {
    host: { target, hostname, kernel: null },
    backend: { kind: 'unknown', evidence: [] },
    namespaces: [],
    devices: [],
    rootRoutes: [],
    ovs: { version: state.ovsVersion, bridges: state.bridges.map((b) => ({ name: b.name, datapathType: b.datapathType, ports: b.ports.map((p) => index.get(p.name)!) })) },
    linuxBridges: [],
    ports: [],
    floatingIps: [],
    dhcp: [],
    iptables: null,
    routerNat: {},
    errors: [],
    takenAt: 0,
    ovn,
  };
}

/** The chassis of a published `ovn-sbctl show`, seen from the host named `hostname` (its chassis is local). */
export function sbModel(capture: string, hostname: string): OvnModel {
  const sb = parseSbShow(loadCapture(capture));
  return {
    evidence: [],
    northbound: { remote: null, from: null, read: false },
    southbound: { remote: null, from: null, read: true },
    switches: [],
    routers: [],
    chassis: sb.chassis.map((c) => ({ uuid: c.name, name: c.name, hostname: c.hostname, encaps: c.encaps, gateway: false, tunnelPort: null, local: c.hostname === hostname })),
    portGroups: [],
    addressSets: [],
    metadata: [],
  };
}

/** The OVN 2-node DevStack of ovn-sb-show-3 / ovs-show-ovn-4 (see the README for the derived node B). */
export const OVN_PAIR = {
  controller: { hostname: 'centos7-ovn-devstack', chassis: 'ddc8991a-d838-4758-8d15-71032da9d062' },
  compute: { hostname: 'centos7-ovn-devstack-2.os1.phx2.redhat.com', chassis: 'b194d07e-0733-4405-b795-63b172b722fd', encap: '172.16.189.30' },
} as const;

export function ovnPair(): { controller: Topology; compute: Topology } {
  const c = OVN_PAIR.controller.hostname, b = OVN_PAIR.compute.hostname;
  return {
    controller: showHost('ovn-controller', 'ovn-era/ovs-show-ovn-4.txt', sbModel('ovn-era/ovn-sb-show-3.txt', c), c),
    compute: { ...showHost('ovn-compute', 'ovn-era/ovs-show-ovn-4.txt', sbModel('ovn-era/ovn-sb-show-3.txt', b), b), ovs: { version: null, bridges: [] } },
  };
}

/** native lab → the hybrid lab's networks (README: "Derived pair"). */
export const RENUMBER: readonly (readonly [string, string])[] = [
  ['bcb468be-6a8d-47ee-b163-2783a0abf51d', '3a7f864e-6a47-4543-9b79-c6825dca639d'],
  ['"segmentation_id","420"', '"segmentation_id","848"'],
  ['tun_id=0x1a4', 'tun_id=0x350'],
  ['1994b66a-03a1-4bff-b680-819607c5beca', 'dc62c251-3f96-468f-b6c7-db912ceac2d8'],
  ['"segmentation_id","429"', '"segmentation_id","118"'],
  ['tun_id=0x1ad', 'tun_id=0x76'],
];

export type Lab = 'ovs-hybrid' | 'ovs-native';

function labFile(lab: Lab, name: string, renumber: boolean): string {
  let text = readFileSync(join(NEUTRON, lab, name), 'utf8');
  if (renumber) for (const [from, to] of RENUMBER) text = text.split(from).join(to);
  return text;
}

/** A real Neutron 21 ML2/OVS lab as the snapshot frames it: root addresses and OVS (with Port other_config). */
export function labHost(lab: Lab, target: string, renumber = false): Topology {
  const f = (name: string) => labFile(lab, name, renumber);
  const split = splitSections(assembleSnapshot([
    ['hostname', 'devstack'],
    ['addr', f('ip-j-d-addr-root.json')],
    ['ovs.version', 'ovs-vsctl (Open vSwitch) 3.1.0'],
    ['ovs.bridge', f('ovs-vsctl-list-bridge.json')],
    ['ovs.port', f('ovs-vsctl-list-port.json')],
    ['ovs.iface', f('ovs-vsctl-list-interface.json')],
  ]), TEST_NONCE);
  return buildTopology(split, { target, takenAt: 0 });
}

/** That lab's real `ovs-ofctl dump-flows br-tun`. */
export function labBrTun(lab: Lab, renumber = false): OfFlow[] {
  return parseDumpFlows(labFile(lab, 'ovs-ofctl-dump-flows-br-tun.txt', renumber));
}

/** The fast lab's real dump of its br-tun-shaped bridge (tables 4 and 22 with a tunnel output). */
export function oftunFlows(): OfFlow[] {
  const text = readFileSync(join(__dirname, '..', '..', 'fixtures', 'openflow', 'dump-flows-oftun.txt'), 'utf8');
  return parseDumpFlows(text.split('\n').filter((l) => !l.startsWith('# ')).join('\n'));
}

export function graftTunnel(t: Topology, capture: string): Topology {
  const port = showHost('x', capture).ovs.bridges.find((b) => b.name === 'br-tun')!.ports.find((p) => p.type === 'vxlan')!;
  return { ...t, ovs: { ...t.ovs, bridges: t.ovs.bridges.map((b) => (b.name === 'br-tun' ? { ...b, ports: [...b.ports, port] } : b)) } };
}

/** The lab without its routers: what a compute holds. */
export function withoutRouters(t: Topology): Topology {
  const gone = new Set(t.namespaces.filter((n) => n.kind === 'qrouter' || n.kind === 'snat').map((n) => n.name));
  return {
    ...t,
    namespaces: t.namespaces.filter((n) => !gone.has(n.name)),
    devices: t.devices.filter((d) => d.namespace === null || !gone.has(d.namespace)),
    ovs: { ...t.ovs, bridges: t.ovs.bridges.map((b) => ({ ...b, ports: b.ports.filter((p) => !(p.device && p.device.namespace !== null && gone.has(p.device.namespace))) })) },
    ports: t.ports.filter((p) => !p.devices.some((d) => d.namespace !== null && gone.has(d.namespace))),
    floatingIps: t.floatingIps.filter((f) => !gone.has(f.router)),
  };
}

/**
 * The two-host pair of the picture and trace tests (README: "Derived inside single tests"): the real hybrid lab
 * (snapshot-fidelity.txt) as the controller with ovs-vsctl-show-3's vxlan-0a006458 on br-tun, and as a compute
 * without its routers with ovs-vsctl-show-2's vxlan-0a00644d on br-tun. `instanceOnlyOnCompute` also removes
 * the instance ports named there from the controller (so a reply must come back through the tunnel).
 */
export async function derivedPair(instanceOnlyOnCompute: readonly string[] = []): Promise<{ controller: Topology; compute: Topology }> {
  const lab = await topologyOf(readFileSync(join(NEUTRON, 'ovs-hybrid', 'snapshot-fidelity.txt'), 'utf8'));
  return { controller: graftTunnel(withoutInstances(lab, instanceOnlyOnCompute), 'ovs-vsctl-show-3.txt'), compute: graftTunnel(withoutRouters(lab), 'ovs-vsctl-show-2.txt') };
}

/** The lab without the instance ports of these prefixes: their devices, qbr and OVS ports. */
export function withoutInstances(t: Topology, prefixes: readonly string[]): Topology {
  if (prefixes.length === 0) return t;
  const mine = (name: string) => prefixes.some((p) => name.endsWith(p));
  return {
    ...t,
    devices: t.devices.filter((d) => !(d.portPrefix !== null && prefixes.includes(d.portPrefix)) && !mine(d.name)),
    linuxBridges: t.linuxBridges.filter((b) => !mine(b.name)),
    ovs: { ...t.ovs, bridges: t.ovs.bridges.map((b) => ({ ...b, ports: b.ports.filter((p) => !mine(p.name)) })) },
    ports: t.ports.filter((p) => !prefixes.includes(p.prefix)),
  };
}
