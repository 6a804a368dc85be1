// Parsers for `ip -j -d link|addr`, text `ip addr|link|-d link` and `ip netns list-id`.
import { z } from 'zod';
import { ParseError } from './errors';
import { clip, guard, isNoise, splitLines, toInt, words } from './lines';
import { type FieldRule, parseJson, safeParseTolerant, strictField, tolerantField, zodReason } from './schemas';
import type { IpAddress, IpLink, NetnsIdEntry } from './types';

// ---------------------------------------------------------------- JSON

const addrShape = (field: FieldRule) =>
  z.object({
    family: field(z.string()),
    local: field(z.string()),
    prefixlen: field(z.number()),
    broadcast: field(z.string()),
    scope: field(z.union([z.string(), z.number()])),
  });

/** One device, validated field by field: a wrongly typed field is dropped (see FieldRule), never the device. */
const linkShape = (field: FieldRule) =>
  z.object({
    ifindex: field(z.number().int()),
    ifname: field(z.string()),
    link: field(z.string().nullable()),
    link_index: field(z.number().int()),
    link_netnsid: field(z.number().int()),
    link_type: field(z.string()),
    flags: field(z.array(z.string())),
    mtu: field(z.number().int()),
    operstate: field(z.string()),
    address: field(z.string()),
    master: field(z.string()),
    altnames: field(z.array(z.string())),
    linkinfo: field(z.object({ info_kind: field(z.string()), info_slave_kind: field(z.string()) })),
    // An address that is not an object is dropped (undefined), never the device.
    addr_info: field(z.array(field(addrShape(field)))),
  });

/** The whole listing in one pass: an item that is not an object fails it. */
const strictLinks = z.array(linkShape(strictField));
const tolerantLinks = z.array(linkShape(tolerantField));
type JsonAddr = z.infer<ReturnType<typeof addrShape>>;

/** `ip -j -d link` or `ip -j -d addr` (an array of devices; unknown fields are ignored). */
export function parseIpJson(text: string, source = 'ip -j link'): IpLink[] {
  return guard(source, () => {
    if (text.trim() === '') return [];
    const r = safeParseTolerant(strictLinks, tolerantLinks, parseJson(text, source));
    if (!r.success) throw deviceError(r.error, source);
    const devices = r.data;
    const byName = new Map<string, number>();
    for (const d of devices) if (d.ifname !== undefined && d.ifindex !== undefined) byName.set(d.ifname, d.ifindex);
    const links: IpLink[] = [];
    for (const d of devices) {
      if (d.ifname === undefined) continue; // `ip -j addr` prints {} for devices filtered out
      const peer = d.link !== undefined ? (d.link ?? 'NONE') : d.link_index !== undefined ? `if${d.link_index}` : null;
      links.push({
        name: d.ifname,
        index: d.ifindex ?? null,
        peer,
        linkIndex: d.link_index ?? peerIndex(peer, byName),
        linkNetnsId: d.link_netnsid ?? null,
        mtu: d.mtu ?? null,
        state: d.operstate ?? null,
        flags: d.flags ?? [],
        mac: d.link_type === 'loopback' || d.link_type === 'none' ? null : (d.address ?? null),
        master: d.master ?? null,
        kind: d.linkinfo?.info_kind ?? null,
        slaveKind: slaveKind(d.linkinfo?.info_slave_kind),
        addresses: d.addr_info === undefined ? [] : jsonAddresses(d.addr_info),
        linkType: d.link_type ?? null,
        altNames: d.altnames ?? [],
        linkNetns: null,
      });
    }
    return links;
  });
}

/** A listing that is not an array, or the first device that is not an object: `device 3: Invalid input …`. */
function deviceError(error: z.ZodError, source: string): ParseError {
  const path = error.issues[0]?.path ?? [];
  if (path.length === 0) return new ParseError(source, null, `expected a JSON array of devices (${zodReason(error)})`);
  return new ParseError(source, null, `device ${String(path[0])}: ${zodReason(error, 1)}`);
}

/** JSON says `bridge`, text says `bridge_slave`: records use the text spelling. */
function slaveKind(kind: string | undefined): string | null {
  if (kind === undefined || kind === '') return null;
  return kind.endsWith('_slave') ? kind : `${kind}_slave`;
}

function jsonAddresses(items: readonly (JsonAddr | undefined)[]): IpAddress[] {
  const out: IpAddress[] = [];
  for (const a of items) {
    if (a === undefined || (a.family !== 'inet' && a.family !== 'inet6') || a.local === undefined) continue;
    out.push({
      family: a.family,
      address: a.local,
      prefixLength: a.prefixlen ?? (a.family === 'inet' ? 32 : 128),
      scope: a.scope === undefined ? null : String(a.scope),
      broadcast: a.broadcast ?? null,
    });
  }
  return out;
}

/** A same-namespace `name@peer` gets the peer's ifindex from the same listing (one map, no scans). */
function resolvePeerIndexes(links: IpLink[]): IpLink[] {
  const byName = new Map<string, number>();
  for (const l of links) if (l.index !== null) byName.set(l.name, l.index);
  return links.map((l) => {
    if (l.linkIndex !== null) return l;
    const index = peerIndex(l.peer, byName);
    return index === null ? l : { ...l, linkIndex: index };
  });
}

/** The ifindex a peer reference names: `ifNN`, or a device of the same listing. */
function peerIndex(peer: string | null, byName: ReadonlyMap<string, number>): number | null {
  if (peer === null) return null;
  const ifMatch = /^if(\d+)$/.exec(peer);
  return ifMatch ? Number(ifMatch[1]) : (byName.get(peer) ?? null);
}

// ---------------------------------------------------------------- text

/** Words that start a kind line of `ip -d link` (the first word is the linkinfo kind). */
const KINDS = new Set([
  'veth', 'bridge', 'openvswitch', 'vxlan', 'gre', 'gretap', 'ip6gre', 'ip6gretap', 'geneve', 'tun', 'dummy',
  'macvlan', 'macvtap', 'ipvlan', 'vlan', 'bond', 'team', 'ipip', 'sit', 'vti', 'vti6', 'ip6tnl', 'vrf',
  'wireguard', 'ifb', 'nlmon', 'erspan', 'ip6erspan', 'xfrm', 'netkit', 'can', 'vcan', 'hsr', 'macsec',
]);

interface Draft {
  name: string;
  index: number;
  peer: string | null;
  linkIndex: number | null;
  linkNetnsId: number | null;
  linkNetns: string | null;
  mtu: number | null;
  state: string | null;
  flags: string[];
  mac: string | null;
  master: string | null;
  kind: string | null;
  slaveKind: string | null;
  linkType: string | null;
  altNames: string[];
  addresses: IpAddress[];
  vxlanId: number | null;
}

/** Port states of `bridge link` (the STP state of a bridge port), never an `ip link` operstate. */
const BRIDGE_PORT_STATES = new Set(['disabled', 'listening', 'learning', 'forwarding', 'blocking']);

/** Text `ip addr`, `ip link`, `ip -d link` of any iproute2 vintage, pasted copies included. */
export function parseIpText(text: string, source = 'ip addr'): IpLink[] {
  return guard(source, () => {
    const drafts: Draft[] = [];
    let current: Draft | null = null;
    splitLines(text).forEach((line, i) => {
      if (line.trim() === '' || isNoise(line)) return;
      const first = line.charCodeAt(0);
      if (first !== 32 && first !== 9) {
        current = parseHeader(line, source, i + 1);
        drafts.push(current);
        return;
      }
      if (current === null) throw new ParseError(source, i + 1, `detail line before any device: ${clip(line.trim())}`);
      parseDetail(current, words(line));
    });
    return resolvePeerIndexes(drafts.map((d) => ({ ...d })));
  });
}

/** `17: qvo…@qvb…: <BROADCAST,…> mtu 1450 qdisc noqueue master ovs-system state UP group default qlen 1000` */
function parseHeader(line: string, source: string, lineNo: number): Draft {
  const colon = line.indexOf(': ');
  const index = toInt(line.slice(0, colon));
  const flagsAt = line.indexOf(': <', colon + 1);
  const flagsEnd = line.indexOf('>', flagsAt);
  if (colon < 1 || index === null || flagsAt < 0 || flagsEnd < 0) {
    throw new ParseError(source, lineNo, `not an interface line: ${clip(line)}`);
  }
  const fullName = line.slice(colon + 2, flagsAt).trim();
  const at = fullName.lastIndexOf('@');
  const name = at > 0 ? fullName.slice(0, at) : fullName;
  const peer = at > 0 ? fullName.slice(at + 1) : null;
  if (name === '' || /\s/.test(name)) throw new ParseError(source, lineNo, `bad interface name: ${clip(fullName)}`);
  const flags = line.slice(flagsAt + 3, flagsEnd).split(',').filter((f) => f !== '');
  const d: Draft = {
    name, index, peer, linkIndex: null, linkNetnsId: null, linkNetns: null, mtu: null, state: null, flags,
    mac: null, master: null, kind: null, slaveKind: null, linkType: null, altNames: [], addresses: [], vxlanId: null,
  };
  const rest = words(line.slice(flagsEnd + 1));
  for (let k = 0; k + 1 < rest.length; k++) {
    const value = rest[k + 1];
    switch (rest[k]) {
      case 'mtu': d.mtu = toInt(value); break;
      case 'master': d.master = value; break;
      case 'state': d.state = value; break;
      case 'link-netnsid': d.linkNetnsId = toInt(value); break;
      default: continue;
    }
    k++;
  }
  // `bridge link` prints the same `N: name: <FLAGS> mtu M master BR` start; its `state` is an STP port state.
  if (d.state !== null && BRIDGE_PORT_STATES.has(d.state) && rest.includes('cost')) {
    throw new ParseError(source, lineNo, `a \`bridge link\` line, not \`ip link\`/\`ip addr\` output (use the bridge-link kind): ${clip(line)}`);
  }
  return d;
}

function parseDetail(d: Draft, w: string[]): void {
  const head = w[0];
  if (head.startsWith('link/')) {
    d.linkType = head.slice(5);
    if (d.linkType !== 'loopback' && d.linkType !== 'none' && w[1] !== undefined && w[1] !== 'brd') d.mac = w[1];
    for (let k = 2; k + 1 < w.length; k++) {
      if (w[k] === 'link-netnsid') d.linkNetnsId = toInt(w[k + 1]);
      else if (w[k] === 'link-netns') d.linkNetns = w[k + 1];
    }
  } else if (head === 'inet' || head === 'inet6') {
    const addr = parseInet(head, w);
    if (addr) d.addresses.push(addr);
  } else if (head === 'altname' && w[1] !== undefined) {
    d.altNames.push(w[1]);
  } else if (head.endsWith('_slave')) {
    d.slaveKind = head;
  } else if (KINDS.has(head) && d.kind === null) {
    d.kind = head;
    // `vxlan id 267 local 172.16.0.31 dev eth0 …`: the VNI (linuxbridge names the device vxlan-<VNI>).
    if (head === 'vxlan' && w[1] === 'id') d.vxlanId = toInt(w[2]);
  }
}

/** `inet 10.0.0.1/24 brd 10.0.0.255 scope global qr-…` or `inet6 fe80::1/64 scope link` */
function parseInet(family: 'inet' | 'inet6', w: string[]): IpAddress | null {
  const spec = w[1];
  if (spec === undefined) return null;
  const slash = spec.indexOf('/');
  const address = slash < 0 ? spec : spec.slice(0, slash);
  const prefix = slash < 0 ? null : toInt(spec.slice(slash + 1));
  if (address === '' || (slash >= 0 && prefix === null)) return null;
  let scope: string | null = null;
  let broadcast: string | null = null;
  for (let k = 2; k + 1 < w.length; k++) {
    if (w[k] === 'scope') scope = w[k + 1];
    else if (w[k] === 'brd') broadcast = w[k + 1];
  }
  return { family, address, prefixLength: prefix ?? (family === 'inet' ? 32 : 128), scope, broadcast };
}

// ---------------------------------------------------------------- netns list-id

const jsonNsids = z.array(z.object({ nsid: z.number().int(), name: tolerantField(z.string()) }));

/** `ip -j netns list-id` (JSON) or its text form `nsid 0 (iproute2 netns name: qrouter-…)`. */
export function parseNetnsListId(text: string, source = 'ip netns list-id'): NetnsIdEntry[] {
  return guard(source, () => {
    const trimmed = text.trim();
    if (trimmed === '') return [];
    if (trimmed.startsWith('[')) {
      const r = jsonNsids.safeParse(parseJson(text, source));
      if (!r.success) throw new ParseError(source, null, zodReason(r.error));
      return r.data.map((e) => ({ nsid: e.nsid, name: e.name ?? null }));
    }
    const out: NetnsIdEntry[] = [];
    splitLines(text).forEach((line, i) => {
      if (line.trim() === '') return;
      const m = /^\s*nsid (\d+)(?:\s+\(iproute2 netns name: (.*)\))?\s*$/.exec(line);
      if (!m) throw new ParseError(source, i + 1, `not an nsid line: ${clip(line)}`);
      out.push({ nsid: Number(m[1]), name: m[2] ?? null });
    });
    return out;
  });
}
