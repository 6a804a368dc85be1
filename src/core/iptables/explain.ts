// Plain-words explanations of the rules Neutron writes. Specific cases first,
// then a generic sentence built from the rule's matches.
import type { IptablesRule } from '../parse/types';
import { hostAddress, isHostCidr } from './address';
import { describePorts, isFloatSnatChain, isSgChain, isSgFallback, isTrustedPortRule, METADATA_ADDRESS, portChain } from './neutron-names';

type Explainer = (rule: IptablesRule) => string | null;

const ACCEPTING = new Set(['ACCEPT', 'RETURN']);

const opt = (rule: IptablesRule, name: string): string | null => rule.targetOptions[name] ?? null;
const states = (rule: IptablesRule): string => `${rule.statesNegated ? '!' : ''}${(rule.states ?? []).join(',')}`;
const negated = (field: string | null): boolean => field !== null && field.startsWith('!');
const bare = (field: string | null): string | null => (field === null ? null : field.replace(/^!\s*/, ''));

function protocolName(rule: IptablesRule): string {
  const p = bare(rule.protocol);
  if (p === null || p === 'all') return '';
  if (/^\d+$/.test(p)) return `protocol ${p}`;
  return p === 'ipv6-icmp' || p === 'icmpv6' ? 'ICMPv6' : p.toUpperCase();
}

/** `NIPv4<sg id[:25]> src` → "members of security group 2efa4b45-3f46-48df-a14a-… (ipset NIPv4…)". */
function remoteGroup(ipset: string): string {
  const name = ipset.split(' ')[0] ?? ipset;
  const m = /^NIPv[46]([0-9a-f-]{8,})$/.exec(name);
  return m ? `members of remote security group ${m[1]}… (ipset ${name})` : `members of remote group ${name}`;
}

function fromWhom(rule: IptablesRule): string {
  if (rule.ipset) return ` from ${remoteGroup(rule.ipset)}`;
  if (rule.source === null || rule.source === '0.0.0.0/0' || rule.source === '::/0') return ' from anywhere';
  return ` from ${negated(rule.source) ? 'anywhere but ' : ''}${hostAddress(bare(rule.source))}`;
}

function toWhere(rule: IptablesRule): string {
  if (rule.destination === null || rule.destination === '0.0.0.0/0') return ' to anywhere';
  return ` to ${negated(rule.destination) ? 'anywhere but ' : ''}${hostAddress(bare(rule.destination))}`;
}

const isDhcp = (rule: IptablesRule, sport: string, dport: string): boolean =>
  bare(rule.protocol) === 'udp' && rule.sourcePorts === sport && rule.destinationPorts === dport;

const connectionStates: Explainer = (rule) => {
  const s = states(rule);
  if (s === 'INVALID' && rule.target === 'DROP') return 'drop packets in state INVALID';
  if (/^(RELATED,ESTABLISHED|ESTABLISHED,RELATED)$/.test(s) && rule.target === 'RETURN') return 'return packets of established connections';
  if (/^(RELATED,ESTABLISHED|ESTABLISHED,RELATED)$/.test(s) && rule.target === 'ACCEPT') return 'accept packets of established connections';
  return null;
};

/** "Set zone for <port uuid>" (raw table, iptables_hybrid): conntrack zones keep ports' connections apart. */
const conntrackZone: Explainer = (rule) => {
  const zone = opt(rule, '--zone');
  if (rule.target !== 'CT' || zone === null) return null;
  const device = rule.physdevIn ?? bare(rule.inInterface);
  const port = /^Set zone for (\S+)$/.exec(rule.comment ?? '')?.[1];
  const via = rule.physdevIn !== null ? 'bridged in from' : 'entering through';
  const from = device ? ` ${via} ${device}` : '';
  return `put traffic${from} in conntrack zone ${zone}${port ? ` (the zone of port ${port})` : ''}, so its connections are tracked apart from other ports'`;
};

/** "Accept all packets when port is trusted.": the agent does not filter its own DHCP and router ports. */
const trustedPort: Explainer = (rule) => {
  const tap = rule.physdevOut ?? rule.physdevIn;
  if (tap === null || !isTrustedPortRule(rule)) return null;
  const toOrFrom = rule.physdevOut !== null ? 'to' : 'from';
  return `trusted port: accept everything ${toOrFrom} ${tap} without security groups (a DHCP or router port; the agent names it tap + port id even when the device is a qr-/qg- or a tap in a namespace)`;
};

const physdevDispatch: Explainer = (rule) => {
  const tap = rule.physdevOut ?? rule.physdevIn;
  if (tap === null || rule.target === null) return null;
  const toOrFrom = rule.physdevOut !== null ? 'to' : 'from';
  if (rule.target === 'CT') {
    const zone = opt(rule, '--zone');
    return zone ? `put traffic ${toOrFrom} ${tap} in conntrack zone ${zone}` : null;
  }
  if (isSgChain(rule.target)) return `send traffic ${toOrFrom} ${tap} to its security-group chain`;
  const port = portChain(rule.target);
  if (port === null) return null;
  if (/-INPUT$/.test(rule.chain)) return `traffic from ${tap} to this host: check it with the port's outbound chain`;
  return `send traffic ${toOrFrom} ${tap} to its ${port.kind} security-group chain`;
};

const fallback: Explainer = (rule) => {
  if (isSgFallback(rule.target)) return 'no rule matched: jump to the fallback chain (drop)';
  if (isSgFallback(rule.chain) && rule.target === 'DROP') return 'drop everything that reaches the fallback';
  if (isSgChain(rule.chain) && rule.target === 'ACCEPT' && rule.physdevIn === null && rule.physdevOut === null) {
    return 'accept what the port chains let through';
  }
  return null;
};

const dhcp: Explainer = (rule) => {
  const port = portChain(rule.chain);
  if (port?.kind === 'outbound' && isDhcp(rule, '68', '67') && ACCEPTING.has(rule.target ?? '')) return 'DHCP: allow the instance to ask for an address (udp 68 → 67)';
  if (port?.kind === 'outbound' && isDhcp(rule, '67', '68') && rule.target === 'DROP') return 'DHCP: drop DHCP replies from the instance (no rogue DHCP server)';
  if (isDhcp(rule, '67', '68') && ACCEPTING.has(rule.target ?? '')) {
    // Neutron 21 matches replies by destination: the instance's own address, or broadcast.
    if (hostAddress(bare(rule.destination)) === '255.255.255.255') return 'DHCP: allow broadcast DHCP replies to the instance (udp 67 → 68)';
    if (rule.destination !== null && isHostCidr(rule.destination)) return `DHCP: allow DHCP replies addressed to the instance's IP ${hostAddress(rule.destination)} (udp 67 → 68)`;
    return `DHCP: allow replies from the DHCP server${rule.source ? ` ${hostAddress(bare(rule.source))}` : ''}`;
  }
  if (isDhcp(rule, '546', '547') && ACCEPTING.has(rule.target ?? '')) return 'DHCPv6: allow the instance to ask for an address';
  if (isDhcp(rule, '547', '546') && rule.target === 'DROP') return 'DHCPv6: drop DHCPv6 replies from the instance (no rogue server)';
  return null;
};

const antiSpoofing: Explainer = (rule) => {
  const port = portChain(rule.chain);
  const inSpoofChain = port?.kind === 'spoofing';
  if (rule.macSource !== null && ACCEPTING.has(rule.target ?? '')) {
    const ip = rule.source ? ` ${hostAddress(bare(rule.source))} with` : '';
    return `anti-spoofing: allow packets from${ip} MAC ${rule.macSource.toLowerCase()}`;
  }
  if (inSpoofChain && rule.target === 'DROP') return 'anti-spoofing: drop packets with any other IP/MAC address';
  const target = rule.target === null ? null : portChain(rule.target);
  if (target?.kind === 'spoofing') return 'check the source IP/MAC addresses (anti-spoofing chain)';
  return null;
};

const securityGroupRule: Explainer = (rule) => {
  const port = portChain(rule.chain);
  if (port === null || port.kind === 'spoofing' || !ACCEPTING.has(rule.target ?? '')) return null;
  const direction = port.kind;
  const proto = protocolName(rule);
  const ports = rule.destinationPorts ? ` ${describePorts(rule.destinationPorts)}` : '';
  const icmp = rule.icmpType ? ` type ${rule.icmpType}` : '';
  const peer = direction === 'inbound' ? fromWhom(rule) : toWhere(rule);
  if (!proto && rule.states === null && !rule.source && !rule.ipset && !rule.destination) return `allow all ${direction} traffic`;
  return `allow ${direction} ${proto || 'traffic'}${ports}${icmp}${peer}`;
};

const nat: Explainer = (rule) => {
  const toDestination = opt(rule, '--to-destination');
  const toSource = opt(rule, '--to-source');
  if (rule.target === 'DNAT' && toDestination) {
    const floating = isHostCidr(rule.destination);
    return `DNAT ${hostAddress(rule.destination) ?? 'any'} → ${toDestination}${floating ? ' (floating IP)' : ''}`;
  }
  if (rule.target === 'SNAT' && toSource) {
    if (isHostCidr(rule.source) && isFloatSnatChain(rule.chain)) return `SNAT ${hostAddress(rule.source)} → ${toSource} (floating IP)`;
    if (isHostCidr(rule.source)) return `SNAT ${hostAddress(rule.source)} → ${toSource}`;
    if (rule.mark !== null && states(rule) === 'DNAT') return `SNAT to ${toSource} for DNATed traffic that came in through an internal port (hairpin to a floating IP)`;
    const via = rule.outInterface ? ` leaving through ${bare(rule.outInterface)}` : '';
    const nets = rule.source ? `network ${rule.source}` : "router's networks";
    return `default SNAT of the ${nets} to ${toSource}${via}`;
  }
  if (rule.target === 'REDIRECT' && opt(rule, '--to-ports')) {
    if (hostAddress(rule.destination) === METADATA_ADDRESS) {
      return `metadata: redirect ${METADATA_ADDRESS}:${rule.destinationPorts ?? '80'} to port ${opt(rule, '--to-ports')}`;
    }
    return `redirect ${protocolName(rule) || 'traffic'} to local port ${opt(rule, '--to-ports')}`;
  }
  if (rule.target === 'MASQUERADE') return `masquerade: SNAT to the address of the outgoing interface${rule.outInterface ? ` ${bare(rule.outInterface)}` : ''}`;
  if (rule.target === 'ACCEPT' && negated(rule.inInterface) && negated(rule.outInterface) && states(rule) === '!DNAT') {
    return `no NAT for traffic that neither enters nor leaves through the gateway ${bare(rule.outInterface)} (between internal networks)`;
  }
  // Neutron 21 writes it without `! -i qg-`.
  if (rule.target === 'ACCEPT' && rule.inInterface === null && negated(rule.outInterface) && states(rule) === '!DNAT') {
    return `no NAT for traffic that does not leave through the gateway ${bare(rule.outInterface)} and was not DNATed (between internal networks)`;
  }
  return null;
};

/** The DHCP agent fills in UDP checksums of its replies (the `neutron-dhcp-age-POSTROUTING` chain of qdhcp). */
const checksum: Explainer = (rule) => {
  if (rule.target !== 'CHECKSUM' || !('--checksum-fill' in rule.targetOptions)) return null;
  const what = rule.destinationPorts === '68' ? 'DHCP replies (udp → 68)' : `${protocolName(rule) || 'packets'}${rule.destinationPorts ? ` to ${describePorts(rule.destinationPorts)}` : ''}`;
  return `fill in the checksum of ${what}: some clients drop packets whose checksum was left to the NIC`;
};

/** Address scopes: qr- marks in mangle, and the filter scope chain drops traffic between scopes. */
const addressScope: Explainer = (rule) => {
  if (!/-scope$/.test(rule.chain)) return null;
  const value = opt(rule, '--set-xmark') ?? opt(rule, '--set-mark');
  if (rule.target === 'MARK' && value !== null) {
    const where = rule.inInterface ? ` entering through ${bare(rule.inInterface)}` : '';
    return `address scope: mark packets${where} with ${value} (the scope of that router port)`;
  }
  if (rule.target === 'DROP' && rule.mark !== null) {
    const where = rule.outInterface ? ` leaving through ${bare(rule.outInterface)}` : '';
    return `address scope: drop packets${where} that come from another address scope (mark ${rule.mark})`;
  }
  return null;
};

const mark: Explainer = (rule) => {
  if (rule.target === 'CONNMARK' && '--restore-mark' in rule.targetOptions) return 'restore the packet mark saved in the connection (address scopes)';
  if (rule.target === 'CONNMARK' && '--save-mark' in rule.targetOptions) return 'save the packet mark in the connection (address scopes)';
  const value = opt(rule, '--set-xmark') ?? opt(rule, '--set-mark');
  if (rule.target === 'MARK' && value !== null && hostAddress(rule.destination) === METADATA_ADDRESS) {
    return `metadata: mark requests to ${METADATA_ADDRESS}:${rule.destinationPorts ?? '80'} with ${value} so the router accepts them`;
  }
  if ((rule.target !== 'MARK' && rule.target !== 'CONNMARK') || value === null) return null;
  const where = rule.inInterface ? ` entering through ${rule.inInterface}` : '';
  return `mark packets${where} with ${value}`;
};

const metadataAccept: Explainer = (rule) => {
  if (rule.target === 'ACCEPT' && rule.mark === '0x1/0xffff' && /-INPUT$/.test(rule.chain)) return 'metadata: accept requests marked 0x1 (redirected to the metadata proxy)';
  return null;
};

/** The generic sentence: verb + what + from/to + interfaces. */
function generic(rule: IptablesRule): string {
  const verbs: Record<string, string> = { ACCEPT: 'accept', DROP: 'drop', REJECT: 'reject', RETURN: 'return to the calling chain', LOG: 'log' };
  const verb = rule.target === null ? 'count' : verbs[rule.target] ?? `${rule.goto ? 'go to' : 'jump to'} ${rule.target}`;
  const parts: string[] = [];
  const proto = protocolName(rule);
  if (proto) parts.push(proto);
  if (rule.destinationPorts) parts.push(describePorts(rule.destinationPorts));
  if (rule.states) parts.push(`in state ${states(rule).replace('!', 'not ')}`);
  if (rule.source) parts.push(`from ${rule.source}`);
  if (rule.destination) parts.push(`to ${rule.destination}`);
  if (rule.inInterface) parts.push(`in on ${rule.inInterface}`);
  if (rule.outInterface) parts.push(`out on ${rule.outInterface}`);
  if (rule.physdevIn) parts.push(`from bridge port ${rule.physdevIn}`);
  if (rule.physdevOut) parts.push(`to bridge port ${rule.physdevOut}`);
  if (rule.mark) parts.push(`with mark ${rule.mark}`);
  const what = parts.length > 0 ? ` ${parts.join(' ')}` : rule.target !== null && verbs[rule.target] ? ' everything' : '';
  return `${verb}${what}`;
}

const EXPLAINERS: readonly Explainer[] = [
  connectionStates,
  conntrackZone,
  trustedPort,
  physdevDispatch,
  fallback,
  dhcp,
  antiSpoofing,
  nat,
  checksum,
  addressScope,
  securityGroupRule,
  mark,
  metadataAccept,
];

/** A short plain-words explanation of the rule. */
export function explainRule(rule: IptablesRule): string {
  for (const explain of EXPLAINERS) {
    const text = explain(rule);
    if (text !== null) return text;
  }
  return generic(rule);
}
