// Deployments the user has not written down yet: configured hosts whose tunnels point at each other.
// Each suggestion carries the tunnels that tie it together (which port, which IP, whose address).
import { resolveTunnels } from './tunnels';
import type { DeploymentSpec, DeploymentSuggestion, HostTopology } from './types';

/**
 * Connected groups of hosts linked by at least one resolved tunnel, except the groups a configured
 * deployment already holds entirely.
 */
export function suggestDeployments(hosts: readonly HostTopology[], configured: readonly DeploymentSpec[] = []): DeploymentSuggestion[] {
  const links = resolveTunnels(hosts).flatMap((r) => (r.state === 'resolved' ? [r] : []));
  const group = new Map<string, string>();
  const find = (a: string): string => {
    let x = a;
    while (group.get(x) !== undefined && group.get(x) !== x) x = group.get(x)!;
    return x;
  };
  for (const h of hosts) group.set(h.alias, h.alias);
  for (const l of links) {
    const a = find(l.port.alias), b = find(l.host);
    if (a !== b) group.set(b, a);
  }
  const members = new Map<string, string[]>();
  for (const h of hosts) members.set(find(h.alias), [...(members.get(find(h.alias)) ?? []), h.alias]);
  const out: DeploymentSuggestion[] = [];
  for (const hostsOf of members.values()) {
    if (hostsOf.length < 2) continue;
    if (configured.some((d) => hostsOf.every((a) => d.hosts.includes(a)))) continue;
    const inGroup = new Set(hostsOf);
    const evidence = links
      .filter((l) => inGroup.has(l.port.alias))
      .map((l) => `${l.port.alias}: ${l.port.name} (${l.port.type} on ${l.port.bridge}) → ${l.host}: ${l.evidence}`);
    out.push({ name: hostsOf.join(' + '), hosts: hostsOf, evidence });
  }
  return out;
}
