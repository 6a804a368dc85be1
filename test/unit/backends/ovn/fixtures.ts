// The real OVN 23.03 output captured by test/fixtures/ovn/make-ovn-db.sh (see its README).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NB_TABLES, SB_TABLES, type NbTable, type SbTable } from '../../../../src/core/backends/ovn/parse/tables';
import { buildTopology } from '../../../../src/core/model/build';
import type { Topology } from '../../../../src/core/model/types';
import { splitSections } from '../../../../src/core/snapshot/parse';
import { assembleSnapshot, TEST_NONCE, type FakeSection } from '../../snapshot/assemble';

export const REAL_DIR = join(__dirname, '..', '..', '..', 'fixtures', 'ovn', 'real');

export function real(name: string): string {
  return readFileSync(join(REAL_DIR, name), 'utf8');
}

export function realNb(): Record<NbTable, string> {
  return Object.fromEntries(NB_TABLES.map((t) => [t, real(`nb-${t}.json`)])) as Record<NbTable, string>;
}

export function realSb(): Record<SbTable, string> {
  return Object.fromEntries(SB_TABLES.map((t) => [t, real(`sb-${t}.json`)])) as Record<SbTable, string>;
}

/** The Neutron ids make-ovn-db.sh uses. */
export const IDS = {
  net: '8f0d3b07-3670-493f-9c2a-5871da3c4449',
  pub: '5d12ed03-ca23-4738-8693-7a5141f2302d',
  router: 'e0289aed-e15a-4670-a2c7-441574f36471',
  vm: '0edf3845-2501-484c-a96b-a8783b080ffa',
  vm2: '2c9e6f3a-0b1d-4e5f-8a7b-9c0d1e2f3a4b',
  meta: '16bb228f-02e2-4099-80d5-4915ede8cd68',
  rif: 'a1b20d84-cd6e-4973-81c9-d73ab1a6c09f',
  rgw: '38939c52-01e2-4e9a-8eaf-156d2737e594',
  sg: 'e755eda1-c654-42b8-b20e-3de46ce4f0d6',
  chassis: 'b3470b6c-5c3e-4bde-9d61-2b7a3a6fd0c1',
  tcp22Rule: '3daa7461-f8a6-4f74-973a-890eaa4ada2e',
} as const;

/** An OVN all-in-one as the snapshot script would frame it: real OVN 23.03 / OVS JSON. */
export function ovnSections(overrides: Record<string, string | FakeSection | null> = {}): [string, string | FakeSection][] {
  const base: Record<string, string | FakeSection | null> = {
    hostname: 'devstack',
    'ovs.version': 'ovs-vsctl (Open vSwitch) 3.1.0',
    'ovs.bridge': real('ovs-bridge.json'),
    'ovs.port': real('ovs-port.json'),
    'ovs.iface': real('ovs-iface.json'),
    procs: 'ovsdb-server\novs-vswitchd\novn-controller\novn-northd\nhaproxy\n',
    'ovn.detect': 'process ovn-controller\nprocess ovn-northd\novn-remote unix:/run/ovn/ovnsb_db.sock',
    'ovn.where': 'nb=unix:/run/ovn/ovnnb_db.sock\nnb.from=socket\nsb=unix:/run/ovn/ovnsb_db.sock\nsb.from=ovn-remote',
    'ovn.nb': real('nb-batch.json'),
    'ovn.sb': real('sb-batch.json'),
    ...overrides,
  };
  return Object.entries(base).filter((e): e is [string, string | FakeSection] => e[1] !== null);
}

export function ovnTopology(overrides: Record<string, string | FakeSection | null> = {}): Topology {
  const split = splitSections(assembleSnapshot(ovnSections(overrides)), TEST_NONCE);
  return buildTopology(split, { target: 'stack@devstack', takenAt: 0 });
}

const NEUTRON_DIR = join(__dirname, '..', '..', '..', 'fixtures', 'neutron-ovn');

/** The NB/SB tables of the real Neutron 21 + OVN 23.03 node (test/fixtures/neutron-ovn), one `list` each. */
export function neutronNb(): Record<NbTable, string> {
  return Object.fromEntries(NB_TABLES.map((t) => [t, readFileSync(join(NEUTRON_DIR, `ovn-nbctl-list-${t.toLowerCase()}.json`), 'utf8')])) as Record<NbTable, string>;
}

export function neutronSb(): Record<SbTable, string> {
  return Object.fromEntries(SB_TABLES.map((t) => [t, readFileSync(join(NEUTRON_DIR, `ovn-sbctl-list-${t.toLowerCase()}.json`), 'utf8')])) as Record<SbTable, string>;
}

/**
 * That node as the snapshot script would frame it. Its single ovn-nbctl/ovn-sbctl run prints the
 * tables one after another, which is how they are joined here.
 */
export function neutronSections(nb = neutronNb(), sb = neutronSb()): [string, string][] {
  const file = (name: string) => readFileSync(join(NEUTRON_DIR, name), 'utf8');
  return [
    ['hostname', 'devstack'],
    ['addr', file('ip-j-d-addr-root.json')],
    ['netns', file('ip-netns-list.txt')],
    ['ns.1', 'ovnmeta-0774ed18-99de-4ffc-89a1-aab53afa8690'],
    ['ns.1.addr', file('ip-d-addr-ovnmeta-private.txt')],
    ['ns.1.route', ''],
    ['ns.1.ids', ''],
    ['ovs.version', 'ovs-vsctl (Open vSwitch) 3.1.0'],
    ['ovs.bridge', file('ovs-vsctl-list-bridge.json')],
    ['ovs.port', file('ovs-vsctl-list-port.json')],
    ['ovs.iface', file('ovs-vsctl-list-interface.json')],
    // Process names as `ps -e -o comm=` prints them (ps-haproxy.txt shows the two haproxy proxies).
    ['procs', 'ovsdb-server\novs-vswitchd\novn-controller\novn-northd\nhaproxy\nhaproxy\n'],
    ['ovn.detect', 'process ovn-controller\nprocess ovn-northd\novn-remote unix:/run/ovn/ovnsb_db.sock'],
    ['ovn.where', 'nb=unix:/run/ovn/ovnnb_db.sock\nnb.from=socket\nsb=unix:/run/ovn/ovnsb_db.sock\nsb.from=ovn-remote'],
    ['ovn.nb', NB_TABLES.map((t) => nb[t]).join('')],
    ['ovn.sb', SB_TABLES.map((t) => sb[t]).join('')],
  ];
}

export function neutronTopology(nb = neutronNb(), sb = neutronSb()): Topology {
  return buildTopology(splitSections(assembleSnapshot(neutronSections(nb, sb)), TEST_NONCE), { target: 'stack@devstack', takenAt: 0 });
}

/** The same node through the real collector, with `edit` rewriting the northbound tables' text (e.g. hostile names). */
export function neutronOvnTopology(edit: (nb: string) => string = (nb) => nb): Topology {
  const sections = neutronSections().map(([id, text]): [string, string] => [id, id === 'ovn.nb' ? edit(text) : text]);
  return buildTopology(splitSections(assembleSnapshot(sections), TEST_NONCE), { target: 'stack@devstack', takenAt: 0 });
}
