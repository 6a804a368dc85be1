// The read-only commands of the flow inspector: argv plus a pure parser. ofproto/trace only simulates a
// packet through the flow tables (no --generate, no packet injection): nothing on the host changes.
import { isIP } from 'node:net';
import type { CommandSpec } from '../command';
import { bridgeArg } from '../commands/queries';
import type { TraceRequest } from '../messages/flow-inspector';
import { parseDumpFlows, type OfFlow } from './flows';
import { parseOfprotoTrace, type OfprotoTrace } from './trace';

/** `ovs-ofctl dump-flows <bridge>` (root: the bridge's management socket), parsed. */
export function dumpFlowsSpec(bridge: string, sudo: boolean): CommandSpec<OfFlow[]> {
  const argv = ['ovs-ofctl', 'dump-flows', bridgeArg(bridge)];
  return { argv, sudo, parse: (out) => parseDumpFlows(out, argv.join(' ')), label: argv.join(' ') };
}

const PORT_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

export interface TracePacket extends TraceRequest {
  /** The OVS port the packet enters from (a name of the bridge). */
  readonly inPort: string;
}

/** The OpenFlow flow description of a packet, from validated fields only. Throws Error naming a bad field. */
export function traceFlowText(p: TracePacket): string {
  if (!PORT_NAME.test(p.inPort) || p.inPort.startsWith('-')) throw new Error(`not an OVS port name: ${JSON.stringify(p.inPort)}`);
  const parts = [`in_port=${p.inPort}`];
  const v6 = p.protocol !== 'arp' && (isIP(p.source) === 6 || isIP(p.destination) === 6);
  for (const [label, a] of [['source', p.source], ['destination', p.destination]] as const) {
    const kind = isIP(a);
    if (kind === 0) throw new Error(`the ${label} is not an IP address: ${JSON.stringify(a)}`);
    if ((kind === 6) !== v6) throw new Error('source and destination must both be IPv4 or both IPv6');
  }
  const proto = p.protocol === 'ip' ? (v6 ? 'ipv6' : 'ip') : p.protocol === 'arp' ? 'arp' : v6 ? `${p.protocol}6` : p.protocol;
  parts.push(proto);
  for (const [key, mac] of [['dl_src', p.sourceMac], ['dl_dst', p.destinationMac]] as const) {
    if (mac === null) continue;
    if (!MAC.test(mac)) throw new Error(`not a MAC address: ${JSON.stringify(mac)}`);
    parts.push(`${key}=${mac.toLowerCase()}`);
  }
  if (p.protocol === 'arp') parts.push(`arp_spa=${p.source}`, `arp_tpa=${p.destination}`);
  else parts.push(`${v6 ? 'ipv6_src' : 'nw_src'}=${p.source}`, `${v6 ? 'ipv6_dst' : 'nw_dst'}=${p.destination}`);
  if (p.protocol === 'tcp' || p.protocol === 'udp') {
    // udp_src/tcp_src, not tp_src: ofproto/trace refuses tp_src on udp ("prerequisites not met", OVS 3.1).
    if (p.sourcePort !== null) parts.push(`${p.protocol}_src=${p.sourcePort}`);
    if (p.destinationPort !== null) parts.push(`${p.protocol}_dst=${p.destinationPort}`);
  }
  if (p.protocol === 'icmp' && !v6) parts.push('icmp_type=8', 'icmp_code=0');
  return parts.join(',');
}

/** `ovs-appctl ofproto/trace <bridge> <flow>`, parsed. */
export function traceSpec(bridge: string, packet: TracePacket, sudo: boolean): CommandSpec<OfprotoTrace> {
  const argv = ['ovs-appctl', 'ofproto/trace', bridgeArg(bridge), traceFlowText(packet)];
  return { argv, sudo, parse: (out) => parseOfprotoTrace(out, 'ovs-appctl ofproto/trace'), label: argv.join(' ') };
}
