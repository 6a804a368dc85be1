// The packet the tracer follows: what an iptables rule or a route can look at, and nothing more.

export type Protocol = 'icmp' | 'tcp' | 'udp';

/** Conntrack's view of the packet: the state of its connection, and whether the connection is NATed. */
export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

export interface Packet {
  readonly proto: Protocol;
  readonly src: string;
  readonly dst: string;
  /** tcp/udp only. */
  readonly sport: number | null;
  readonly dport: number | null;
  /** icmp only: 8 echo-request, 0 echo-reply. */
  readonly icmpType: number | null;
  /** -i / -o as the hook sees them; undefined when the hop does not know (a rule on it is then "unknown"). */
  readonly inInterface?: string | null;
  readonly outInterface?: string | null;
  /** Bridge ports (physdev) when the packet crosses a Linux bridge; null when it is routed, not bridged. */
  readonly physdevIn?: string | null;
  readonly physdevOut?: string | null;
  readonly bridged?: boolean;
  readonly ctState: CtState;
  /** Conntrack entry with a destination / source translation (`--ctstate DNAT` / `SNAT`). */
  readonly ctDnat?: boolean;
  readonly ctSnat?: boolean;
  /** The packet mark; null when a table that could set it was not read (a mark match is then unknown). */
  readonly mark: number | null;
  readonly connmark: number;
  readonly srcMac?: string | null;
}

export const ICMP_ECHO_REQUEST = 8;
export const ICMP_ECHO_REPLY = 0;

/** A first packet of a new connection. */
export function newPacket(proto: Protocol, src: string, dst: string, dport: number | null, sport = 40000): Packet {
  return {
    proto,
    src,
    dst,
    sport: proto === 'icmp' ? null : sport,
    dport: proto === 'icmp' ? null : dport,
    icmpType: proto === 'icmp' ? ICMP_ECHO_REQUEST : null,
    ctState: 'NEW',
    mark: 0,
    connmark: 0,
  };
}

/** The reply to `p` (addresses and ports swapped, conntrack ESTABLISHED, interfaces forgotten). */
export function replyTo(p: Packet): Packet {
  return {
    proto: p.proto,
    src: p.dst,
    dst: p.src,
    sport: p.dport,
    dport: p.sport,
    icmpType: p.proto === 'icmp' ? ICMP_ECHO_REPLY : null,
    ctState: 'ESTABLISHED',
    ctDnat: p.ctDnat,
    ctSnat: p.ctSnat,
    mark: 0,
    connmark: p.connmark,
  };
}

/** "tcp 10.0.0.3:22 ← 172.24.4.1:40000", "icmp echo-request 10.0.0.3 ← 172.24.4.1". */
export function describePacket(p: Packet): string {
  if (p.proto === 'icmp') return `icmp ${p.icmpType === ICMP_ECHO_REPLY ? 'echo-reply' : p.icmpType === ICMP_ECHO_REQUEST ? 'echo-request' : `type ${p.icmpType}`} ${p.src} → ${p.dst}`;
  return `${p.proto} ${p.src}:${p.sport} → ${p.dst}:${p.dport}`;
}
