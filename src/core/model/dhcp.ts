// dnsmasq ↔ its qdhcp namespace, interface and network.
import type { DnsmasqProcess } from '../parse/types';
import type { DhcpServer } from './types';

/**
 * @param namespaces names of the host's namespaces
 * @param deviceHomes device name → namespaces holding a device of that name
 */
export function linkDhcp(
  processes: readonly DnsmasqProcess[],
  namespaces: ReadonlySet<string>,
  deviceHomes: ReadonlyMap<string, readonly (string | null)[]>,
): DhcpServer[] {
  return processes.map((p) => {
    const byNetwork = p.networkId !== null && namespaces.has(`qdhcp-${p.networkId}`) ? `qdhcp-${p.networkId}` : null;
    const byInterface = p.interface !== null ? (deviceHomes.get(p.interface)?.find((ns) => ns !== null) ?? null) : null;
    const namespace = byNetwork ?? byInterface;
    const networkId = p.networkId ?? (namespace?.startsWith('qdhcp-') ? namespace.slice('qdhcp-'.length) : null);
    return { pid: p.pid, namespace, interface: p.interface, networkId, process: p };
  });
}
