// What each OpenFlow table of a Neutron bridge is for. Table numbers are the constants of neutron-lib
// (neutron_lib/plugins/ml2/ovs_constants.py) for the OVS agent, and of ovn-controller (controller/lflow.h,
// OFTABLE_*) for OVN, whose layout moved between releases: the layout is chosen from evidence in the dump.
import type { BackendKind } from '../model/types';
import type { OfFlow } from './flows';
import { nextTables } from './actions';

export type FlowLayout = 'ovs-br-int' | 'ovs-br-tun' | 'ovs-br-phys' | 'ovn-br-int' | 'unknown';

export interface LayoutGuess {
  readonly layout: FlowLayout;
  /** OVN only: the ovn-controller table generation, e.g. "OVN 22.03+ (remote output 39)". */
  readonly variant: string | null;
  /** Why: in words. */
  readonly evidence: string;
}

const OVS_BR_INT: Readonly<Record<number, string>> = {
  0: 'local switching (VLAN tagging, dead VLAN drop)',
  1: 'DVR: to source MAC',
  2: 'DVR: to source MAC (VLAN)',
  23: 'canary (agent restart detection)',
  24: 'ARP spoofing protection',
  25: 'MAC spoofing protection',
  30: 'local egress (Local IP)',
  31: 'local IP (Local IP)',
  58: 'QoS rate limit',
  59: 'QoS packet rate limit',
  60: 'transient: to the firewall or NORMAL',
  61: 'local MAC direct',
  62: 'transient egress (NORMAL without firewall)',
  71: 'firewall egress: base (port security, ARP, DHCP, conntrack)',
  72: 'firewall egress: security group rules',
  73: 'firewall egress: accept, or ingress to a local port',
  81: 'firewall ingress: base (conntrack)',
  82: 'firewall ingress: security group rules',
  91: 'accepted egress traffic',
  92: 'accepted ingress traffic',
  93: 'dropped traffic',
  94: 'accepted egress traffic: NORMAL',
};

const OVS_BR_TUN: Readonly<Record<number, string>> = {
  0: 'from br-int or from a tunnel',
  1: 'DVR process',
  2: 'from br-int: unicast or flood',
  3: 'GRE tunnel to local VLAN',
  4: 'VXLAN tunnel to local VLAN',
  6: 'Geneve tunnel to local VLAN',
  9: 'DVR: do not learn',
  10: 'learn MACs from tunnels',
  20: 'unicast to a tunnel',
  21: 'ARP responder',
  22: 'flood to tunnels',
};

const OVS_BR_PHYS: Readonly<Record<number, string>> = {
  0: 'from the physical network or br-int (VLAN translation)',
  1: 'DVR process (VLAN)',
  2: 'local VLAN translation',
  3: 'DVR: do not learn (VLAN)',
};

interface OvnTables {
  readonly ingress: readonly [number, number];
  readonly egress: readonly [number, number];
  readonly fixed: Readonly<Record<number, string>>;
}

/** ovn-controller's OpenFlow tables per generation (controller/lflow.h). */
const OVN: Readonly<Record<string, OvnTables>> = {
  'OVN 2.7 and before': {
    ingress: [16, 31],
    egress: [48, 63],
    fixed: { 0: 'physical to logical', 32: 'remote output (tunnels)', 33: 'local output', 34: 'drop loopback', 64: 'logical to physical' },
  },
  'OVN 2.8 to 21.x': {
    ingress: [8, 31],
    egress: [40, 63],
    fixed: { 0: 'physical to logical', 32: 'remote output (tunnels)', 33: 'local output', 34: 'check loopback', 64: 'save in_port', 65: 'logical to physical', 66: 'MAC binding', 67: 'MAC lookup' },
  },
  'OVN 22.03 and later': {
    ingress: [8, 36],
    egress: [42, 63],
    fixed: {
      0: 'physical to logical', 37: 'output: large packet detection', 38: 'output: large packet processing', 39: 'remote output (tunnels)',
      40: 'local output', 41: 'check loopback', 64: 'save in_port', 65: 'logical to physical', 66: 'MAC binding', 67: 'MAC lookup',
      68: 'load balancer hairpin check', 69: 'load balancer hairpin reply', 70: 'SNAT for hairpin', 71: 'get FDB', 72: 'lookup FDB',
    },
  },
};

/** Picks the table layout of a bridge's flows from the backend, the bridge name and the flows themselves. */
export function guessLayout(bridge: string, backend: BackendKind, flows: readonly OfFlow[]): LayoutGuess {
  const tables = new Set(flows.map((f) => f.table));
  if (backend === 'ovn' || (flows.some((f) => f.fields.some((x) => x.key === 'metadata' || x.key === 'reg14')) && !tables.has(71))) {
    if (bridge !== 'br-int' && backend === 'ovn') return { layout: 'unknown', variant: null, evidence: `${bridge} is not OVN's integration bridge` };
    const fromZero = new Set(flows.filter((f) => f.table === 0).flatMap((f) => nextTables(f.actions)));
    let variant = 'OVN 2.8 to 21.x';
    let why = 'table 0 continues in table 8';
    if (fromZero.has(16) && !fromZero.has(8)) [variant, why] = ['OVN 2.7 and before', 'table 0 continues in table 16'];
    else if (tables.has(37) || tables.has(38) || (tables.has(39) && !tables.has(32))) [variant, why] = ['OVN 22.03 and later', 'tables 37–39 (large packets, remote output) are in use'];
    else if (flows.length === 0 || fromZero.size === 0) why = 'no table 0 flow to tell; assumed';
    return { layout: 'ovn-br-int', variant, evidence: `${backend === 'ovn' ? 'OVN host' : 'OVN registers (metadata, reg14) in the matches'}; ${why}` };
  }
  if (bridge === 'br-tun' || (tables.has(22) && tables.has(2) && !tables.has(60))) {
    return { layout: 'ovs-br-tun', variant: null, evidence: bridge === 'br-tun' ? 'the OVS agent\'s tunnel bridge (br-tun)' : 'tables 2 and 22 (flood to tunnels)' };
  }
  if (bridge === 'br-int' || tables.has(60) || tables.has(71)) {
    return { layout: 'ovs-br-int', variant: null, evidence: bridge === 'br-int' ? 'the OVS agent\'s integration bridge (br-int)' : 'tables 60/71 of the OVS agent' };
  }
  if (backend === 'ovs-hybrid' || backend === 'ovs-native') {
    return { layout: 'ovs-br-phys', variant: null, evidence: `an OVS agent host; ${bridge} is neither br-int nor br-tun (a physical bridge)` };
  }
  return { layout: 'unknown', variant: null, evidence: 'neither the backend nor the flows tell' };
}

/** The role of a table in a layout, or null when unknown. */
export function tableRole(guess: LayoutGuess, table: number): string | null {
  switch (guess.layout) {
    case 'ovs-br-int':
      return OVS_BR_INT[table] ?? null;
    case 'ovs-br-tun':
      return OVS_BR_TUN[table] ?? null;
    case 'ovs-br-phys':
      return OVS_BR_PHYS[table] ?? null;
    case 'ovn-br-int': {
      const t = OVN[guess.variant ?? 'OVN 2.8 to 21.x'];
      if (t.fixed[table] !== undefined) return t.fixed[table];
      if (table >= t.ingress[0] && table <= t.ingress[1]) return `logical ingress pipeline, stage ${table - t.ingress[0]}`;
      if (table >= t.egress[0] && table <= t.egress[1]) return `logical egress pipeline, stage ${table - t.egress[0]}`;
      return null;
    }
    default:
      return null;
  }
}
