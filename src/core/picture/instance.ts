// An instance's fixed IPs, from evidence: the port's own addresses, else the
// "allow IP/MAC pair" rules of its anti-spoofing chain (iptables_hybrid), else the addresses of its
// OVN logical switch port (Topology.ovn, as the OVN back end read it from the northbound database).
import type { NeutronPort, Topology } from '../model/types';
import { ovnPortIps } from '../view/ovn';

const HOST = /^([0-9a-fA-F.:]+)\/(32|128)$/;

export function instanceAddresses(topology: Topology, port: NeutronPort): string[] {
  if (port.addresses.length > 0) return port.addresses.map((a) => a.split('/')[0]!);
  const lsp = port.id === null ? undefined : topology.ovn?.switches.flatMap((s) => s.ports).find((p) => p.neutronPortId === port.id);
  if (lsp) return ovnPortIps(lsp);
  const chain = port.sgChains.spoofing;
  if (chain === null || topology.iptables === null) return [];
  const found = new Set<string>();
  for (const table of topology.iptables.tables) {
    if (table.name !== 'filter') continue;
    for (const rule of table.chains.find((c) => c.name === chain)?.rules ?? []) {
      const m = rule.source && !rule.source.startsWith('!') ? HOST.exec(rule.source) : null;
      if (m && rule.target === 'RETURN') found.add(m[1]!);
    }
  }
  return [...found];
}
