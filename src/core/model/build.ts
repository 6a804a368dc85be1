// Builds the Topology from the snapshot's sections. A failed section becomes a
// SectionError and everything else is still used.
import { ParseError } from '../parse/errors';
import { parseDhcpAgentFiles, type DhcpAgentDir } from '../parse/dhcp-agent-files';
import { parseDnsmasqPs } from '../parse/dnsmasq';
import { parseIpJson, parseIpText, parseNetnsListId } from '../parse/ip';
import { parseIptablesSave } from '../parse/iptables';
import { namespaceKind, namespaceUuid, parseNetnsList } from '../parse/netns';
import { parseOvsJson } from '../parse/ovs';
import { parseIpRoute, parseIpRouteJson } from '../parse/route';
import type { IpLink, IptablesDump, OvsState, Route } from '../parse/types';
import { sectionError, type SnapshotSections } from '../snapshot/parse';
import { buildBackendParts } from '../backends';
import { detectBackend } from './backend';
import { linkDhcp } from './dhcp';
import { floatingIpsOf } from './floating';
import { deviceKey, resolvePeers, type NamespaceLinks } from './peers';
import { buildPorts } from './ports';
import { deviceRole, portPrefixOf } from './role';
import type {
  Device,
  DeviceRef,
  FloatingIp,
  LinuxBridge,
  Namespace,
  OvsBridgeModel,
  OvsPortModel,
  OvsPortNetwork,
  SectionError,
  Topology,
} from './types';

export interface BuildContext {
  readonly target: string;
  readonly takenAt: number;
}

/** ip link/addr output in either form. */
export function parseIpAny(text: string, source: string): IpLink[] {
  return text.trimStart().startsWith('[') ? parseIpJson(text, source) : parseIpText(text, source);
}

export function parseRouteAny(text: string, source: string): Route[] {
  return text.trimStart().startsWith('[') ? parseIpRouteJson(text, source) : parseIpRoute(text, source);
}

interface NsRead {
  readonly name: string;
  readonly links: IpLink[];
  readonly routes: Route[];
  readonly nsids: Map<number, string | null>;
  readonly nat: IptablesDump | null;
  readonly error: SectionError | null;
}

export function buildTopology(split: SnapshotSections, ctx: BuildContext): Topology {
  const errors: SectionError[] = [];
  const { sections } = split;

  /** Parses a section, or records why it could not be used. */
  function read<T>(id: string, name: string, parse: (text: string) => T, okExitCodes?: readonly number[]): T | null {
    const section = sections.get(id);
    const err = sectionError(section, name, okExitCodes);
    if (err) {
      errors.push(err);
      return null;
    }
    try {
      return parse(section!.stdout);
    } catch (e) {
      const message = e instanceof ParseError ? e.message : String(e);
      errors.push({ section: name, kind: 'parse', message });
      return null;
    }
  }

  const hostname = read('hostname', 'hostname', (t) => t.trim() || null);
  const kernel = read('kernel', 'kernel', (t) => t.trim() || null);
  const rootLinks =
    read('addr', 'addr', (t) => parseIpAny(t, 'ip -d addr')) ?? read('link', 'link', (t) => parseIpAny(t, 'ip -d link')) ?? [];
  const rootRoutes = read('route', 'route', (t) => parseRouteAny(t, 'ip route')) ?? [];
  const netnsList = read('netns', 'netns', (t) => parseNetnsList(t)) ?? [];
  const rootNsids = new Map<number, string | null>();
  for (const e of netnsList) if (e.id !== null) rootNsids.set(e.id, e.name);
  for (const e of read('netns-ids', 'netns-ids', (t) => parseNetnsListId(t)) ?? []) {
    if (e.name !== null || !rootNsids.has(e.nsid)) rootNsids.set(e.nsid, e.name);
  }

  const nsReads = readNamespaces(split, errors, read);
  const seen = new Set(nsReads.map((n) => n.name));
  for (const e of netnsList) {
    if (seen.has(e.name)) continue;
    const error: SectionError = { section: `netns:${e.name}`, kind: 'failed', message: 'listed by ip netns but not read' };
    errors.push(error);
    nsReads.push({ name: e.name, links: [], routes: [], nsids: new Map(), nat: null, error });
  }

  const ovs = readOvs(read);
  const ovsPorts = ovsPortIndex(ovs);
  const ovsBridgeNames = new Set(ovs?.bridges.map((b) => b.name) ?? []);

  const iptables = read('iptables', 'iptables', (t) => parseIptablesSave(t, 'iptables-save'));
  const filterTable = iptables?.tables.find((t) => t.name === 'filter') ?? null;
  const filterChains = new Set<string>(filterTable?.chains.map((c) => c.name) ?? []);

  // Devices, namespace by namespace (root first).
  const nsLinks: NamespaceLinks[] = [
    { namespace: null, links: rootLinks, nsids: rootNsids },
    ...nsReads.map((n) => ({ namespace: n.name, links: n.links, nsids: n.nsids })),
  ];
  const peers = resolvePeers(nsLinks);
  const devices: Device[] = [];
  const deviceHomes = new Map<string, (string | null)[]>();
  for (const { namespace, links } of nsLinks) {
    const nsKind = namespace === null ? null : namespaceKind(namespace);
    for (const l of links) {
      const key = deviceKey(namespace, l.name);
      const ovsPort = ovsPorts.get(l.name);
      const peer = peers.get(key) ?? null;
      const role = deviceRole(l.name, {
        namespaceKind: nsKind,
        master: l.master,
        kind: l.kind,
        ovsType: ovsPort?.type ?? null,
        isOvsBridge: namespace === null && ovsBridgeNames.has(l.name),
        peerNamespaceKind: peer?.namespace ? namespaceKind(peer.namespace) : null,
      });
      devices.push({
        namespace,
        name: l.name,
        key,
        index: l.index,
        mac: l.mac,
        mtu: l.mtu,
        state: l.state,
        flags: l.flags,
        kind: l.kind,
        master: l.master,
        role,
        // The metadata veth carries a network id, not a port id.
        portPrefix: role === 'ovn-metadata-veth' ? null : portPrefixOf(l.name),
        addresses: l.addresses,
        peer,
        ovsBridge: ovsPort?.bridge ?? null,
        ovsTag: ovsPort?.tag ?? null,
      });
      const homes = deviceHomes.get(l.name);
      if (homes) homes.push(namespace);
      else deviceHomes.set(l.name, [namespace]);
    }
  }

  const ovsBridges = (ovs?.bridges ?? []).map(
    (b): OvsBridgeModel => ({
      name: b.name,
      datapathType: b.datapathType,
      ports: b.ports.map((p) => withDevice(ovsPorts.get(p.name)!, deviceHomes)),
    }),
  );

  const linuxBridges: LinuxBridge[] = devices
    .filter((d) => d.kind === 'bridge')
    .map((b) => ({ name: b.name, namespace: b.namespace, members: [] as string[] }));
  const bridgeByKey = new Map(linuxBridges.map((b) => [deviceKey(b.namespace, b.name), b]));
  for (const d of devices) {
    if (d.master !== null) (bridgeByKey.get(deviceKey(d.namespace, d.master))?.members as string[] | undefined)?.push(d.name);
  }

  const routerNat: Record<string, IptablesDump> = {};
  const floatingIps: FloatingIp[] = [];
  for (const n of nsReads) {
    if (!n.nat) continue;
    routerNat[n.name] = n.nat;
    floatingIps.push(...floatingIpsOf(n.name, n.nat));
  }

  const nsNames = new Set(nsReads.map((n) => n.name));
  const dnsmasq = read('dnsmasq', 'dnsmasq', (t) => parseDnsmasqPs(t, 'ps dnsmasq')) ?? [];
  // Snapshots from before the section existed simply lack it: not an error.
  const agentDirs: DhcpAgentDir[] = sections.has('dhcp.files')
    ? (read('dhcp.files', 'dhcp agent files', (t) => parseDhcpAgentFiles(t, 'DHCP agent files')) ?? [])
    : [];
  const dhcpHosts = agentDirs.flatMap((d) => d.hosts.map((h) => ({ ...h, networkId: d.networkId, file: d.hostsFile })));
  const namespaceDeviceNames = new Map(nsReads.map((n) => [n.name, n.links.map((l) => l.name)]));
  const processes = read('procs', 'processes', (t) => t.split('\n').map((l) => l.trim()).filter(Boolean)) ?? [];

  const idByName = new Map<string, number>();
  for (const [id, name] of rootNsids) if (name !== null) idByName.set(name, id);
  const namespaces: Namespace[] = nsReads.map((n) => ({
    name: n.name,
    id: idByName.get(n.name) ?? null,
    kind: namespaceKind(n.name),
    uuid: namespaceUuid(n.name),
    devices: n.links.map((l) => deviceKey(n.name, l.name)),
    routes: n.routes,
    error: n.error,
  }));

  const backendParts = buildBackendParts(sections, { hostname, devices, namespaces, ovsBridges, processes });
  errors.push(...backendParts.errors);

  return {
    host: { target: ctx.target, hostname, kernel },
    backend: detectBackend({
      namespaces: [...nsNames],
      rootDevices: rootLinks.map((l) => l.name),
      filterChains,
      processes,
      ovsBridges: [...ovsBridgeNames],
      ovsInterfaces: [...ovsPorts.values()].map((p) => ({ name: p.name, type: p.type })),
    }),
    namespaces,
    devices,
    rootRoutes,
    ovs: { version: ovs?.ovsVersion ?? null, bridges: ovsBridges },
    linuxBridges,
    ports: buildPorts(devices, ovsPorts, filterChains, { filter: filterTable, dhcpHosts }),
    floatingIps,
    dhcp: linkDhcp(dnsmasq, nsNames, deviceHomes, { agentDirs, namespaceDevices: namespaceDeviceNames }),
    iptables,
    iptablesVariants: variantsOf(iptables, read('iptables.variants', 'iptables variants', parseVariants) ?? []),
    routerNat,
    errors,
    takenAt: ctx.takenAt,
    ovn: backendParts.ovn,
  };
}

type Read = <T>(id: string, name: string, parse: (text: string) => T, okExitCodes?: readonly number[]) => T | null;

/** The `ns.<i>` sections of the namespace loop, in order. */
function readNamespaces(split: SnapshotSections, errors: SectionError[], read: Read): NsRead[] {
  const out: NsRead[] = [];
  for (let i = 1; split.sections.has(`ns.${i}`); i++) {
    const name = split.sections.get(`ns.${i}`)!.stdout;
    const before = errors.length;
    const where = `netns:${name}`;
    // JSON hosts: one `ip -batch` section; text hosts: one section per command.
    const batch = split.sections.get(`ns.${i}.ip`);
    const parts = batch ? splitBatch(batch.stdout) : null;
    const part = (id: string, key: keyof BatchParts, label: string): string | null => {
      if (!parts) return read(`ns.${i}.${id}`, label, (t) => t);
      if (parts[key] !== null) return parts[key];
      errors.push(sectionError(batch, label) ?? { section: label, kind: 'failed', message: `no ${key} output` });
      return null;
    };
    const addrText = part('addr', 'addr', where);
    const links = addrText === null ? [] : (guarded(where, errors, () => parseIpAny(addrText, `ip -d addr in ${name}`)) ?? []);
    const routeText = addrText === null && parts ? null : part('route', 'route', `${where}:route`);
    const routes = routeText === null ? [] : (guarded(`${where}:route`, errors, () => parseRouteAny(routeText, `ip route in ${name}`)) ?? []);
    const idsText = addrText === null && parts ? null : part('ids', 'ids', `${where}:ids`);
    const nsids = new Map<number, string | null>();
    if (idsText !== null) {
      for (const e of guarded(`${where}:ids`, errors, () => parseNetnsListId(idsText, `ip netns list-id in ${name}`)) ?? []) {
        nsids.set(e.nsid, e.name);
      }
    }
    // A namespace that could not be entered has one error (its addr), not one per section.
    const nat = split.sections.has(`ns.${i}.nat`) && addrText !== null
      ? read(`ns.${i}.nat`, `${where}:nat`, (t) => parseIptablesSave(t, `iptables-save -t nat in ${name}`))
      : null;
    out.push({ name, links, routes, nsids, nat, error: errors[before] ?? null });
  }
  return out;
}

interface BatchParts {
  addr: string | null;
  route: string | null;
  ids: string | null;
}

const BATCH_ORDER: readonly (keyof BatchParts)[] = ['addr', 'route', 'ids'];

/**
 * The JSON lines of `ip -force -batch` (addr, route, list-id; a failed command prints nothing):
 * a non-empty array is recognised by its first key, an empty one takes the next slot in order.
 */
export function splitBatch(stdout: string): BatchParts {
  const parts: BatchParts = { addr: null, route: null, ids: null };
  let slot = 0;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('[')) continue;
    const head = line.slice(0, 120);
    let key: keyof BatchParts | undefined;
    if (head.includes('"ifindex"') || head.includes('"ifname"')) key = 'addr';
    else if (head.includes('"nsid"')) key = 'ids';
    else if (head.includes('"dst"')) key = 'route';
    else key = BATCH_ORDER.slice(slot).find((k) => parts[k] === null);
    if (key === undefined) continue;
    parts[key] = line;
    slot = BATCH_ORDER.indexOf(key) + 1;
  }
  return parts;
}

function guarded<T>(section: string, errors: SectionError[], parse: () => T): T | null {
  try {
    return parse();
  } catch (e) {
    errors.push({ section, kind: 'parse', message: e instanceof Error ? e.message : String(e) });
    return null;
  }
}

function readOvs(read: Read): OvsState | null {
  const bridge = read('ovs.bridge', 'ovs', (t) => t);
  if (bridge === null) return null; // no OVS (or no permission): recorded once
  const port = read('ovs.port', 'ovs', (t) => t);
  const iface = read('ovs.iface', 'ovs', (t) => t);
  if (port === null || iface === null) return null;
  const version = read('ovs.version', 'ovs:version', (t) => /(\d+\.\d+(?:\.\d+)?)/.exec(t.split('\n', 1)[0])?.[1] ?? null);
  return read('ovs.bridge', 'ovs', () => parseOvsJson({ bridge, port, iface }, version));
}

/** Port name → model (one interface per port; the first for bonds). */
export function ovsPortIndex(ovs: OvsState | null): Map<string, OvsPortModel> {
  const out = new Map<string, OvsPortModel>();
  for (const b of ovs?.bridges ?? []) {
    for (const p of b.ports) {
      const i = p.interfaces[0];
      out.set(p.name, {
        name: p.name,
        bridge: b.name,
        tag: p.tag,
        type: i?.type ?? null,
        ofport: i?.ofport ?? null,
        patchPeer: i?.type === 'patch' ? (i.options.peer ?? null) : null,
        remoteIp: i?.options.remote_ip ?? null,
        localIp: i?.options.local_ip ?? null,
        ifaceId: i?.externalIds['iface-id'] ?? null,
        attachedMac: i?.externalIds['attached-mac'] ?? null,
        device: null,
        network: portNetwork(p.otherConfig),
      });
    }
  }
  return out;
}

/** The Neutron network the OVS agent bound a port to: other_config net_uuid, network_type … */
function portNetwork(other: Readonly<Record<string, string>> | undefined): OvsPortNetwork | null {
  // The agent writes Python's None as the text "None".
  const value = (key: string) => (other?.[key] && other[key] !== 'None' ? other[key] : null);
  const id = value('net_uuid');
  if (id === null) return null;
  return { id, type: value('network_type'), physicalNetwork: value('physical_network'), segmentationId: value('segmentation_id') };
}

/** Where the device behind an OVS port lives (internal ports moved into namespaces: by name). */
function withDevice(p: OvsPortModel, homes: ReadonlyMap<string, readonly (string | null)[]>): OvsPortModel {
  const where = homes.get(p.name);
  if (!where || where.length === 0) return p;
  const ns = where.length === 1 ? where[0] : (where.find((n) => n === null) ?? where[0]);
  const device: DeviceRef = { namespace: ns, name: p.name };
  return { ...p, device };
}


/** The rules iptables-save showed, then the other back end's count (when its tool exists). */
function variantsOf(dump: IptablesDump | null, other: { tool: string; rules: number }[]): { tool: string; rules: number }[] {
  if (!dump) return other;
  let rules = 0;
  for (const t of dump.tables) for (const c of t.chains) rules += c.rules.length;
  return [{ tool: `iptables-save${dump.variant ? ` (${dump.variant})` : ''}`, rules }, ...other];
}

/** `iptables-legacy-save 12` lines. */
function parseVariants(text: string): { tool: string; rules: number }[] {
  return text
    .split('\n')
    .map((l) => /^(\S+) (\d+)$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ tool: m[1], rules: Number(m[2]) }));
}
