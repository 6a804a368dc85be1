// How Neutron's agents name their chains: "<binary>-<wrap>-" prefixes truncated to
// 16 characters ("neutron-openvswi-", "quantum-openvswi-", "neutron-linuxbri-",
// "neutron-l3-agent-"), and per-port chains prefix + i/o/s + port[:10].

export type PortChainKind = 'inbound' | 'outbound' | 'spoofing';

const PORT_CHAIN = /^((?:neutron|quantum)-[a-z0-9-]{1,8}?-)([ios])([0-9a-f]{8}-[0-9a-f])$/;
const KIND: Record<string, PortChainKind> = { i: 'inbound', o: 'outbound', s: 'spoofing' };

export interface PortChain {
  /** "neutron-openvswi-" */
  readonly prefix: string;
  readonly kind: PortChainKind;
  /** port[:10] */
  readonly port: string;
}

/** Reads "neutron-openvswi-i6bc18a88-9" as an inbound chain of port 6bc18a88-9…; null for other chains. */
export function portChain(chain: string): PortChain | null {
  const m = PORT_CHAIN.exec(chain);
  if (m === null) return null;
  return { prefix: m[1] as string, kind: KIND[m[2] as string] as PortChainKind, port: m[3] as string };
}

export const isSgFallback = (chain: string | null): boolean => chain !== null && /-sg-fallback$/.test(chain);
export const isSgChain = (chain: string | null): boolean => chain !== null && /-sg-chain$/.test(chain);
export const isFloatSnatChain = (chain: string): boolean => /-float-snat$/.test(chain);

/** The tap device of a port prefix: "tap" + port[:11]. */
export function tapName(portPrefix: string): string {
  return `tap${portPrefix.slice(0, 11)}`;
}

/** The port prefix carried in tap/qbr/qvb/qvo/qr-/qg- names, or null. */
export function portPrefixOf(device: string): string | null {
  const m = /^(?:tap|qbr|qvb|qvo|qr-|qg-|sg-|ha-|fg-)([0-9a-f]{8}-[0-9a-f]{2})$/.exec(device);
  return m ? (m[1] as string) : null;
}

export const METADATA_ADDRESS = '169.254.169.254';

const WELL_KNOWN_PORTS: Record<string, string> = {
  '22': 'ssh',
  '53': 'dns',
  '67': 'DHCP server',
  '68': 'DHCP client',
  '80': 'http',
  '123': 'ntp',
  '443': 'https',
  '546': 'DHCPv6 client',
  '547': 'DHCPv6 server',
  '3389': 'rdp',
  '8775': 'nova metadata',
  '9697': 'metadata proxy',
};

/** "22" → "port 22 (ssh)", "1:65535" → "ports 1-65535 (all)", "1000:2000" → "ports 1000-2000", "22,80" → "ports 22, 80". */
export function describePorts(ports: string): string {
  const p = ports.trim();
  if (p === '1:65535' || p === '0:65535') return 'ports 1-65535 (all)';
  if (p.includes(',')) return `ports ${p.split(',').map((x) => x.replace(':', '-')).join(', ')}`;
  if (p.includes(':')) return `ports ${p.replace(':', '-')}`;
  const name = WELL_KNOWN_PORTS[p];
  return name ? `port ${p} (${name})` : `port ${p}`;
}

/** The agent's comment on the ACCEPT pairs of ports it does not filter (DHCP and router ports). */
export const TRUSTED_PORT_COMMENT = /^Accept all packets when port is trusted\.?$/;

/** "Accept all packets when port is trusted." — not a security-group dispatch, the port has no chains. */
export function isTrustedPortRule(rule: { readonly target: string | null; readonly comment: string | null }): boolean {
  return rule.target === 'ACCEPT' && TRUSTED_PORT_COMMENT.test(rule.comment ?? '');
}
