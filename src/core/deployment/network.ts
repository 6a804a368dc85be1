// A network that spans hosts: per host, where its ports are and which local VLAN carries it. The local
// VLAN is the host's own (the OVS agent numbers them per host); the tunnel id is the network's, the same
// everywhere. br-tun's flows say how one becomes the other:
//   table 3/4/6 (GRE/VXLAN/Geneve in):  tun_id=0x350 actions=mod_vlan_vid:1,resubmit(,10)
//                                        (OpenFlow 1.3: push_vlan:0x8100,set_field:4097->vlan_vid)
//   table 22 (flood out), 20 (unicast): dl_vlan=1 actions=strip_vlan,load:0x350->NXM_NX_TUN_ID[],output:…
//                                        (older: set_tunnel:0x350; newer: set_field:0x350->tun_id; learned
//                                        table-20 flows match vlan_tci=0x0001/0x0fff)
// OVN has no local VLAN: the logical switch's tunnel key (southbound Datapath_Binding) is the VNI.
import { parseAction } from '../openflow/actions';
import { fieldOf, type OfFlow } from '../openflow/flows';
import type { OvsPortModel, Topology } from '../model/types';
import { localChassis } from './tunnels';

/** Where ML2/OVS br-tun turns a tunnel id into a local VLAN (GRE, VXLAN, Geneve). */
export const TUNNEL_IN_TABLES: readonly number[] = [3, 4, 6];
/** Where br-tun turns a local VLAN into a tunnel id: unicast to a learned MAC (20), flood (22). */
export const TUNNEL_OUT_TABLES: readonly number[] = [20, 22];

export interface TunnelVlanFlow {
  readonly direction: 'in' | 'out';
  readonly tunnelId: number;
  readonly vlan: number;
  readonly table: number;
  /** Line of the flow in the dump. */
  readonly line: number;
  /** Tunnel ports a flood flow outputs to (out direction). */
  readonly outputs: readonly string[];
  /** "table 4: tun_id=0x350 → mod_vlan_vid:1". */
  readonly evidence: string;
}

const num = (text: string | null | undefined): number | null => {
  if (text === null || text === undefined) return null;
  const t = text.split('/')[0]!.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t, 16) : /^\d+$/.test(t) ? Number(t) : NaN;
  return Number.isSafeInteger(n) ? n : null;
};

/** `vlan_tci=0x0003/0x0fff` (table 20's learned flows): the VLAN id when the mask covers all 12 VID bits. */
function tciVlan(text: string | null | undefined): number | null {
  if (!text) return null;
  const [value, mask] = text.split('/');
  const v = num(value), m = mask === undefined ? 0xffff : num(mask);
  return v === null || m === null || (m & 0x0fff) !== 0x0fff ? null : v & 0x0fff;
}

/** The tunnel-id ↔ local-VLAN flows of one br-tun dump. */
export function tunnelVlanFlows(flows: readonly OfFlow[]): TunnelVlanFlow[] {
  const out: TunnelVlanFlow[] = [];
  for (const f of flows) {
    if (TUNNEL_IN_TABLES.includes(f.table)) {
      const tun = num(fieldOf(f, 'tun_id'));
      if (tun === null) continue;
      for (const text of f.actions) {
        const a = parseAction(text);
        let vlan: number | null = null;
        if (a.kind === 'mod_vlan_vid') vlan = num(a.value);
        else if (a.kind === 'set_field' && a.field === 'vlan_vid') {
          const v = num(a.value);
          vlan = v === null ? null : v & 0xfff; // OFPVID_PRESENT (0x1000) set
        }
        if (vlan !== null) out.push({ direction: 'in', tunnelId: tun, vlan, table: f.table, line: f.line, outputs: [], evidence: `table ${f.table}: tun_id=${fieldOf(f, 'tun_id')} → ${text}` });
      }
    } else if (TUNNEL_OUT_TABLES.includes(f.table)) {
      const vlan = num(fieldOf(f, 'dl_vlan') ?? fieldOf(f, 'vlan_vid')) ?? tciVlan(fieldOf(f, 'vlan_tci'));
      if (vlan === null) continue;
      let tun: number | null = null;
      let how = '';
      const outputs: string[] = [];
      for (const text of f.actions) {
        const a = parseAction(text);
        if (a.kind === 'load' && /^NXM_NX_TUN_ID\[/.test(a.field)) { tun = num(a.value); how = text; }
        else if (a.kind === 'set_field' && a.field === 'tun_id') { tun = num(a.value); how = text; }
        else if (/^set_tunnel(64)?:/.test(text)) { tun = num(text.slice(text.indexOf(':') + 1)); how = text; }
        else if (a.kind === 'output') outputs.push(a.port);
      }
      if (tun !== null) out.push({ direction: 'out', tunnelId: tun, vlan, table: f.table, line: f.line, outputs, evidence: `table ${f.table}: dl_vlan=${vlan} → ${how}${outputs.length > 0 ? `, output to ${outputs.join(', ')}` : ''}` });
    }
  }
  return out;
}

/** One network on one host. */
export interface NetworkOnHost {
  readonly alias: string;
  /** The host's local VLAN for it (ML2/OVS), or null (OVN, or not found). */
  readonly localVlan: number | null;
  /** The br-int ports (ML2/OVS) or logical switch ports bound to this host's chassis (OVN) on it. */
  readonly ports: readonly string[];
  /** The tunnel ports its flood flow sends to (br-tun table 22). */
  readonly tunnelOutputs: readonly string[];
  /** Where the numbers come from: flows, OVS other_config, southbound tables. */
  readonly evidence: readonly string[];
  /** What could not be read ("br-tun flows not read"). */
  readonly gaps: readonly string[];
}

export interface SpanningNetwork {
  /** `net:<uuid>` or `tun:<id>`: stable, for tree ids. */
  readonly key: string;
  readonly networkId: string | null;
  readonly name: string | null;
  /** vxlan, gre, geneve (ML2/OVS other_config network_type; OVN: geneve). */
  readonly type: string | null;
  /** The tunnel id (ML2/OVS segmentation id, OVN datapath tunnel key). */
  readonly tunnelId: number | null;
  readonly hosts: readonly NetworkOnHost[];
}

export interface HostFlows {
  readonly alias: string;
  readonly topology: Topology | null;
  /** `ovs-ofctl dump-flows br-tun`, parsed, or null when not read. */
  readonly brTun: readonly OfFlow[] | null;
}

interface HostDraft { localVlan: number | null; ports: Set<string>; outputs: Set<string>; evidence: string[]; gaps: string[] }

interface Draft {
  networkId: string | null;
  name: string | null;
  type: string | null;
  tunnelId: number | null;
  hosts: Map<string, HostDraft>;
}

const TUNNELLED = new Set(['vxlan', 'gre', 'geneve', 'stt']);

/**
 * Tunnelled networks seen on at least one of the hosts, each with its place on every host that carries it.
 * ML2/OVS: br-int ports' other_config (net_uuid, segmentation_id, tag) plus br-tun's flows; OVN: the logical
 * switches, their tunnel keys and the chassis their ports are bound to.
 */
export function networksAcrossHosts(hosts: readonly HostFlows[]): SpanningNetwork[] {
  const drafts = new Map<string, Draft>();
  const byTunnel = (tunnelId: number): string | undefined => [...drafts].find(([, d]) => d.tunnelId === tunnelId)?.[0];
  const draft = (key: string): Draft => {
    let d = drafts.get(key);
    if (!d) drafts.set(key, (d = { networkId: null, name: null, type: null, tunnelId: null, hosts: new Map() }));
    return d;
  };
  const onHost = (d: Draft, alias: string): HostDraft => {
    let h = d.hosts.get(alias);
    if (!h) d.hosts.set(alias, (h = { localVlan: null, ports: new Set(), outputs: new Set(), evidence: [], gaps: [] }));
    return h;
  };

  for (const host of hosts) {
    const t = host.topology;
    if (!t) continue;
    if (t.ovn && t.ovn.switches.length > 0) {
      ovnNetworks(host.alias, t, draft, onHost);
      continue;
    }
    const mappings = host.brTun === null ? [] : tunnelVlanFlows(host.brTun);
    // Outputs are ofport numbers in older dumps: name them from the bridge's ports when the snapshot has them.
    const byOfport = new Map(t.ovs.bridges.filter((b) => b.name === 'br-tun').flatMap((b) => b.ports.flatMap((p) => (p.ofport !== null ? [[String(p.ofport), p.name] as const] : []))));
    const portName = (o: string) => (byOfport.has(o) ? `${byOfport.get(o)} (ofport ${o})` : o);
    // ML2/OVS: what the agent wrote on br-int ports.
    const vlanOfTunnel = new Map<number, number>();
    for (const m of mappings) if (m.direction === 'in') vlanOfTunnel.set(m.tunnelId, m.vlan);
    const portsOn = (vlan: number): OvsPortModel[] => t.ovs.bridges.filter((b) => b.name === 'br-int').flatMap((b) => b.ports.filter((p) => p.tag === vlan));
    const seen = new Set<number>();
    for (const p of t.ovs.bridges.flatMap((b) => b.ports)) {
      const n = p.network;
      if (!n || !n.type || !TUNNELLED.has(n.type)) continue;
      const seg = num(n.segmentationId);
      const key = `net:${n.id}`;
      const d = draft(seg !== null && byTunnel(seg) && !drafts.has(key) ? byTunnel(seg)! : key);
      d.networkId = n.id;
      d.type = n.type;
      d.tunnelId = seg ?? d.tunnelId;
      const h = onHost(d, host.alias);
      h.ports.add(p.name);
      if (p.tag !== null && h.localVlan === null) {
        h.localVlan = p.tag;
        h.evidence.push(`OVS agent: ${p.name} other_config net_uuid ${n.id}, segmentation_id ${n.segmentationId ?? '?'}, tag ${p.tag}`);
      }
      if (seg !== null) seen.add(seg);
    }
    // br-tun's flows: the mapping itself, and networks with no port described by other_config.
    for (const m of mappings) {
      const key = byTunnel(m.tunnelId) ?? `tun:${m.tunnelId}`;
      const d = draft(key);
      d.tunnelId = m.tunnelId;
      const h = onHost(d, host.alias);
      if (h.localVlan === null) h.localVlan = m.vlan;
      if (h.localVlan !== m.vlan) h.gaps.push(`br-tun ${m.evidence} disagrees with local VLAN ${h.localVlan}`);
      h.evidence.push(`br-tun ${m.evidence} (line ${m.line})`);
      for (const o of m.outputs) h.outputs.add(portName(o));
      if (!seen.has(m.tunnelId)) for (const p of portsOn(m.vlan)) h.ports.add(p.name);
    }
    for (const d of drafts.values()) {
      const h = d.hosts.get(host.alias);
      if (!h) continue;
      if (host.brTun === null) h.gaps.push('br-tun flows not read: the tunnel id ↔ local VLAN mapping is not shown');
      else if (d.tunnelId !== null && !mappings.some((m) => m.direction === 'in' && m.tunnelId === d.tunnelId)) h.gaps.push(`br-tun has no flow for tunnel id ${hex(d.tunnelId)} (table 3/4/6)`);
    }
  }

  return [...drafts.entries()].map(([key, d]) => ({
    key,
    networkId: d.networkId,
    name: d.name,
    type: d.type,
    tunnelId: d.tunnelId,
    hosts: [...d.hosts].map(([alias, h]) => ({
      alias, localVlan: h.localVlan, ports: [...h.ports].sort(), tunnelOutputs: [...h.outputs], evidence: h.evidence, gaps: [...new Set(h.gaps)],
    })),
  }));
}

function ovnNetworks(
  alias: string,
  t: Topology,
  draft: (key: string) => Draft,
  onHost: (d: Draft, alias: string) => HostDraft,
): void {
  const chassis = localChassis(t);
  for (const sw of t.ovn!.switches) {
    if (sw.ports.some((p) => p.kind === 'provider')) continue; // a provider (localnet) network is not tunnelled
    const key = sw.networkId !== null ? `net:${sw.networkId}` : `ls:${sw.uuid}`;
    const d = draft(key);
    d.networkId = sw.networkId;
    d.name = sw.networkName;
    d.type = 'geneve';
    d.tunnelId = sw.tunnelKey ?? d.tunnelId;
    const h = onHost(d, alias);
    if (sw.tunnelKey !== undefined && sw.tunnelKey !== null) h.evidence.push(`southbound Datapath_Binding of ${sw.name}: tunnel_key ${sw.tunnelKey}`);
    else h.gaps.push(`no southbound Datapath_Binding read for ${sw.name}: its tunnel key is unknown`);
    if (chassis === null) {
      h.gaps.push('this host is no chassis of the southbound database (hostname match): its ports are unknown');
      continue;
    }
    for (const p of sw.ports) if (p.chassis === chassis.name) h.ports.add(p.portName ?? p.name);
    h.evidence.push(`ports bound to chassis ${chassis.name} (southbound Port_Binding)`);
  }
}

export const hex = (n: number): string => `0x${n.toString(16)}`;
