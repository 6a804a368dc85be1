// An instance port's fixed IPs, MAC and full id. The host holds none of them on a device
// (the VM does), so they come from evidence Neutron leaves on a node, each one named:
//   - the anti-spoofing chain: `-s <ip>/32 -m mac --mac-source <mac> … -j RETURN`;
//   - OVS Interface external_ids: iface-id and attached-mac (os-vif writes them);
//   - the DHCP agent's host file: `mac,name,ip,set:<port id>`.
import type { DhcpHostEntry } from '../parse/dhcp-agent-files';
import type { IptablesTable } from '../parse/types';
import type { OvsPortModel } from './types';

export interface PortFacts {
  readonly id: string | null;
  readonly mac: string | null;
  readonly addresses: readonly string[];
  readonly networkId: string | null;
  readonly evidence: readonly string[];
}

/** A DHCP host entry with the network whose host file held it. */
export interface DhcpHostOnNetwork extends DhcpHostEntry {
  readonly networkId: string | null;
  readonly file: string | null;
}

export interface PortFactSources {
  readonly prefix: string;
  readonly spoofingChain: string | null;
  readonly filter: IptablesTable | null;
  readonly ovs: OvsPortModel | null;
  readonly dhcpHosts: readonly DhcpHostOnNetwork[];
}

const HOST_SOURCE = /^(\d{1,3}(?:\.\d{1,3}){3})\/32$|^([0-9a-fA-F:]+)\/128$/;

export function instancePortFacts(src: PortFactSources): PortFacts {
  const evidence: string[] = [];
  const addresses: string[] = [];
  const add = (ip: string) => {
    if (!addresses.includes(ip)) addresses.push(ip);
  };
  let mac: string | null = null;
  let id: string | null = null;

  // 1. OVS external_ids (os-vif): the port id and MAC.
  if (src.ovs?.ifaceId && src.ovs.ifaceId.startsWith(src.prefix)) {
    id = src.ovs.ifaceId;
    evidence.push(`port id ${id}: OVS external_ids:iface-id of ${src.ovs.name}`);
  }
  if (src.ovs?.attachedMac) {
    mac = src.ovs.attachedMac.toLowerCase();
    evidence.push(`MAC ${mac}: OVS external_ids:attached-mac of ${src.ovs.name}`);
  }

  // 2. The anti-spoofing chain's IP/MAC pairs.
  const chain = src.spoofingChain ? src.filter?.chains.find((c) => c.name === src.spoofingChain) : undefined;
  for (const rule of chain?.rules ?? []) {
    if (rule.target !== 'RETURN' || rule.macSource === null || rule.source === null) continue;
    const m = HOST_SOURCE.exec(rule.source);
    const ip = m?.[1] ?? m?.[2];
    if (ip === undefined || ip.toLowerCase().startsWith('fe80:')) continue;
    const pairMac = rule.macSource.toLowerCase();
    add(ip);
    if (mac === null) mac = pairMac;
    evidence.push(`IP ${ip} with MAC ${pairMac}: anti-spoofing chain ${chain!.name} (${rule.raw.replace(/^-A \S+ /, '')})`);
  }

  // 3. The DHCP agent's host file: by port id, else by MAC.
  let networkId = src.ovs?.network?.id ?? null;
  const hosts = src.dhcpHosts.filter((h) => (id !== null ? h.portId === id : false) || (h.portId?.startsWith(src.prefix) ?? false) || (mac !== null && h.mac === mac));
  for (const h of hosts) {
    add(h.ip);
    if (mac === null) mac = h.mac;
    if (id === null && h.portId?.startsWith(src.prefix)) id = h.portId;
    networkId ??= h.networkId;
    evidence.push(`IP ${h.ip} with MAC ${h.mac}: DHCP host file ${h.file ?? ''}`.trimEnd());
  }
  if (src.ovs?.network) evidence.push(`network ${src.ovs.network.id}: OVS Port other_config net_uuid of ${src.ovs.name}`);
  return { id, mac, addresses, networkId, evidence };
}
