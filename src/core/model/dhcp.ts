// dnsmasq ↔ its qdhcp namespace, interface and network.
//
// Older DHCP agents passed `--interface=tap…` (with --bind-interfaces); Neutron 20+ runs dnsmasq
// with `--local-service --bind-dynamic` and no --interface. Then the DHCP port is found through
// the namespace: the agent's `interface` file in the network's state dir names it, or it is the
// only DHCP port device in `qdhcp-<net>`. Each DhcpServer says which evidence it used.
import type { DhcpAgentDir } from '../parse/dhcp-agent-files';
import type { DnsmasqProcess } from '../parse/types';
import type { DhcpServer } from './types';

export interface DhcpEvidence {
  /** The DHCP agent's state files, when the snapshot read them. */
  readonly agentDirs?: readonly DhcpAgentDir[];
  /** Device names per namespace (to find the one tap in a qdhcp namespace). */
  readonly namespaceDevices?: ReadonlyMap<string, readonly string[]>;
}

/** tap… (and the old ns-…) devices are DHCP ports inside a qdhcp namespace. */
const DHCP_DEVICE = /^(tap|ns-)/;

/**
 * @param namespaces names of the host's namespaces
 * @param deviceHomes device name → namespaces holding a device of that name
 */
export function linkDhcp(
  processes: readonly DnsmasqProcess[],
  namespaces: ReadonlySet<string>,
  deviceHomes: ReadonlyMap<string, readonly (string | null)[]>,
  evidence: DhcpEvidence = {},
): DhcpServer[] {
  const dirs = new Map<string, DhcpAgentDir>();
  for (const d of evidence.agentDirs ?? []) if (d.networkId !== null && !dirs.has(d.networkId)) dirs.set(d.networkId, d);
  return processes.map((p) => {
    const byNetwork = p.networkId !== null && namespaces.has(`qdhcp-${p.networkId}`) ? `qdhcp-${p.networkId}` : null;
    const byInterface = p.interface !== null ? (deviceHomes.get(p.interface)?.find((ns) => ns !== null) ?? null) : null;
    const namespace = byNetwork ?? byInterface;
    const networkId = p.networkId ?? (namespace?.startsWith('qdhcp-') ? namespace.slice('qdhcp-'.length) : null);
    const dir = networkId !== null ? dirs.get(networkId) : undefined;
    const found = interfaceOf(p, namespace, dir, evidence.namespaceDevices);
    return {
      pid: p.pid,
      namespace,
      interface: found?.name ?? null,
      networkId,
      process: p,
      interfaceEvidence: found?.evidence ?? null,
      hostsFile: dir?.hostsFile ?? null,
      hosts: dir?.hosts ?? [],
    };
  });
}

function interfaceOf(
  p: DnsmasqProcess,
  namespace: string | null,
  dir: DhcpAgentDir | undefined,
  namespaceDevices: ReadonlyMap<string, readonly string[]> | undefined,
): { name: string; evidence: string } | null {
  if (p.interface !== null) return { name: p.interface, evidence: `--interface=${p.interface} on the dnsmasq command line` };
  const inNamespace = namespace !== null ? (namespaceDevices?.get(namespace) ?? null) : null;
  if (dir?.interface && (inNamespace === null || inNamespace.includes(dir.interface))) {
    return { name: dir.interface, evidence: `${dir.interfaceFile} (the DHCP agent's interface file) names ${dir.interface}` };
  }
  const taps = inNamespace?.filter((n) => DHCP_DEVICE.test(n)) ?? [];
  if (taps.length === 1) {
    return { name: taps[0], evidence: `${taps[0]} is the only DHCP port device in ${namespace} (dnsmasq runs without --interface)` };
  }
  return null;
}
