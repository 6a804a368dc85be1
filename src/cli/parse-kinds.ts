// `devstack-net parse <kind>`: each kind turns pasted command output into the JSON shape
// documented in docs/cli.md. A field the input does not give is null.
import { floatingIpsOf } from '../core/model/floating';
import { deviceRole } from '../core/model/role';
import { parseBrctlShow, parseBridgeLink } from '../core/parse/bridge';
import { parseDnsmasqPs } from '../core/parse/dnsmasq';
import { ParseError } from '../core/parse/errors';
import { parseIpJson, parseIpText } from '../core/parse/ip';
import { parseIptablesAuto } from '../core/parse/iptables';
import { namespaceKind, namespaceUuid, parseNetnsList } from '../core/parse/netns';
import { parseOvsJson, parseOvsShow } from '../core/parse/ovs';
import { parseIpRoute, parseIpRouteJson, parseIpRule } from '../core/parse/route';
import { splitJsonValues } from '../core/parse/schemas';
import { OVN_PARSE_KINDS } from '../core/backends/ovn/cli-kinds';
import type { IpLink, IptablesDump, OvsState } from '../core/parse/types';
import { normalisePasted } from '../core/parse/pasted';
import { ofprotoTraceShape, ovsFlowsShape } from './openflow-kinds';

export interface ParseContext {
  /** The namespace the output came from, for device roles (tap in qdhcp = dhcp-port). */
  readonly namespace: string | null;
}

type KindParser = (text: string, ctx: ParseContext) => unknown;

/** Every kind reads pasted text through the one normaliser (indentation, CRLF, prompt lines). */
const pasted = (kinds: Record<string, KindParser>): Readonly<Record<string, KindParser>> =>
  Object.fromEntries(Object.entries(kinds).map(([k, f]) => [k, (text: string, ctx: ParseContext) => f(normalisePasted(text), ctx)]));

export const PARSE_KINDS: Readonly<Record<string, KindParser>> = pasted({
  iptables: (text) => iptablesShape(parseIptablesAuto(text, 'iptables')),
  'floating-ips': (text) =>
    floatingIpsOf('', parseIptablesAuto(text, 'nat rules', 'nat')).map((f) => ({ floating: f.floating, fixed: f.fixed })),
  'ip-addr': (text, ctx) => parseIpText(text, 'ip addr').map((l) => linkShape(l, ctx)),
  'ip-json': (text, ctx) => parseIpJson(text, 'ip -j addr').map((l) => linkShape(l, ctx)),
  netns: (text) => parseNetnsList(text).map((e) => ({ name: e.name, id: e.id, kind: namespaceKind(e.name), uuid: namespaceUuid(e.name) })),
  'ovs-show': (text) => ovsShape(parseOvsShow(text)),
  'ovs-json': (text) => ovsShape(parseOvsJson(splitOvsTables(text), null)),
  dnsmasq: (text) => parseDnsmasqPs(text).map((p) => ({ pid: p.pid, interface: p.interface, networkId: p.networkId })),
  'ip-route': (text) =>
    (text.trimStart().startsWith('[') ? parseIpRouteJson(text) : parseIpRoute(text)).map((r) => ({
      destination: r.destination,
      gateway: r.gateway,
      device: r.device,
      source: r.source,
    })),
  'ip-rule': (text) => parseIpRule(text).map((r) => ({ priority: r.priority, selector: r.selector, table: r.table })),
  'ovs-flows': (text) => ovsFlowsShape(text),
  'ofproto-trace': (text) => ofprotoTraceShape(text),
  'bridge-link': (text) => parseBridgeLink(text),
  'brctl-show': (text) => parseBrctlShow(text),
  ...OVN_PARSE_KINDS,
});

function iptablesShape(dump: IptablesDump) {
  return {
    tables: dump.tables.map((t) => ({
      name: t.name,
      chains: t.chains.map((c) => ({ name: c.name, policy: c.policy, rules: c.rules })),
    })),
  };
}

function linkShape(l: IpLink, ctx: ParseContext) {
  return {
    name: l.name,
    index: l.index,
    peer: l.peer,
    linkNetnsId: l.linkNetnsId,
    mtu: l.mtu,
    state: l.state,
    mac: l.mac,
    role: deviceRole(l.name, {
      namespaceKind: ctx.namespace === null ? null : namespaceKind(ctx.namespace),
      master: l.master,
      kind: l.kind,
    }),
    addresses: l.addresses.map((a) => ({ family: a.family, address: a.address, prefixLength: a.prefixLength })),
  };
}

function ovsShape(s: OvsState) {
  return {
    ovsVersion: s.ovsVersion,
    bridges: s.bridges.map((b) => ({
      name: b.name,
      ports: b.ports.map((p) => ({
        name: p.name,
        tag: p.tag,
        interfaces: p.interfaces.map((i) => ({ name: i.name, type: i.type, options: i.options })),
      })),
    })),
  };
}

/**
 * The three `ovs-vsctl --format=json list Bridge|Port|Interface` outputs, one after another in
 * any order; each table is recognised by its headings.
 */
export function splitOvsTables(text: string): { bridge: string; port: string; iface: string } {
  const source = 'ovs-vsctl --format=json';
  const found: { bridge?: string; port?: string; iface?: string } = {};
  for (const doc of splitJsonValues(text, source)) {
    let headings: unknown;
    try {
      headings = (JSON.parse(doc) as { headings?: unknown }).headings;
    } catch {
      throw new ParseError(source, null, 'not valid JSON');
    }
    const h = Array.isArray(headings) ? headings : [];
    const slot = h.includes('interfaces') ? 'port' : h.includes('ports') ? 'bridge' : h.includes('ofport') || h.includes('type') ? 'iface' : null;
    if (slot === null) throw new ParseError(source, null, 'a JSON table that is not Bridge, Port or Interface (headings not recognised)');
    found[slot] = doc;
  }
  const missing = (['bridge', 'port', 'iface'] as const).filter((k) => found[k] === undefined);
  if (missing.length > 0) {
    throw new ParseError(source, null, `expected the Bridge, Port and Interface tables; missing ${missing.join(', ')}`);
  }
  return found as { bridge: string; port: string; iface: string };
}
