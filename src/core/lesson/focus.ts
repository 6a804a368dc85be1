// Which of the learner's objects a lesson talks about: one instance port, its
// floating IP, the router that holds it and the DHCP server of its network.
// Picked deterministically, and related to each other where the topology allows.
import { cidrContains } from '../iptables/address';
import type { Device, DhcpServer, FloatingIp, Namespace, NeutronPort, Topology } from '../model/types';

export interface Focus {
  readonly topology: Topology;
  readonly port: NeutronPort | null;
  readonly floating: FloatingIp | null;
  readonly router: Namespace | null;
  readonly dhcp: DhcpServer | null;
}

export function pickFocus(topology: Topology): Focus {
  const instances = [...topology.ports.filter((p) => p.kind === 'instance')].sort((a, b) => a.prefix.localeCompare(b.prefix));
  const floatingOf = (port: NeutronPort) => topology.floatingIps.find((f) => fixedIps(topology, port).includes(f.fixed)) ?? null;
  // Prefer an instance that has a floating IP: every step then talks about the same VM.
  const port = instances.find((p) => floatingOf(p) !== null) ?? instances[0] ?? null;
  const floating = (port && floatingOf(port)) ?? topology.floatingIps[0] ?? null;
  const fixedIp = (port && fixedIps(topology, port)[0]) ?? floating?.fixed ?? null;
  return { topology, port, floating, router: pickRouter(topology, floating, fixedIp), dhcp: pickDhcp(topology, fixedIp) };
}

function pickRouter(topology: Topology, floating: FloatingIp | null, fixedIp: string | null): Namespace | null {
  const routers = [...topology.namespaces.filter((n) => n.kind === 'qrouter')].sort((a, b) => a.name.localeCompare(b.name));
  return (
    routers.find((r) => r.name === floating?.router) ??
    routers.find((r) => fixedIp !== null && namespaceDevices(topology, r.name).some((d) => onSubnet(d, fixedIp))) ??
    routers[0] ??
    null
  );
}

function pickDhcp(topology: Topology, fixedIp: string | null): DhcpServer | null {
  const servers = [...topology.dhcp.filter((d) => d.namespace !== null)].sort((a, b) => a.pid - b.pid);
  return (
    servers.find((s) => fixedIp !== null && namespaceDevices(topology, s.namespace).some((d) => onSubnet(d, fixedIp))) ??
    servers[0] ??
    null
  );
}

export function namespaceDevices(topology: Topology, namespace: string | null): Device[] {
  return topology.devices.filter((d) => d.namespace === namespace);
}

export function findDevice(topology: Topology, namespace: string | null, name: string): Device | undefined {
  return topology.devices.find((d) => d.namespace === namespace && d.name === name);
}

/** Whether one of the device's IPv4 subnets holds the address. */
export function onSubnet(device: Device, address: string): boolean {
  return device.addresses.some((a) => a.family === 'inet' && cidrContains(`${a.address}/${a.prefixLength}`, address));
}

/** The first IPv4 address of a device, without prefix. */
export function firstIpv4(device: Device | undefined): string | null {
  return device?.addresses.find((a) => a.family === 'inet')?.address ?? null;
}

/**
 * A VM port's fixed IPs. The host does not hold them on any device; when the model
 * has none, the port's anti-spoofing chain names them (`-s <ip>/32 -m mac --mac-source …`).
 */
export function fixedIps(topology: Topology, port: NeutronPort): string[] {
  if (port.addresses.length > 0) return port.addresses.map((a) => a.replace(/\/32$/, ''));
  return spoofingRules(topology, port).flatMap((r) => (r.source && /\/32$/.test(r.source) ? [r.source.slice(0, -3)] : []));
}

/** A VM port's MAC: from the model, else from its anti-spoofing chain. */
export function portMac(topology: Topology, port: NeutronPort): string | null {
  return port.mac ?? spoofingRules(topology, port).find((r) => r.macSource)?.macSource ?? null;
}

/** The OVS bridge a VM port is plugged into: from the model, its qvo device, or the bridge listing qvo. */
export function portBridge(topology: Topology, port: NeutronPort): string | null {
  if (port.ovsBridge) return port.ovsBridge;
  const qvo = port.devices.find((d) => d.name.startsWith('qvo'));
  if (!qvo) return null;
  const device = findDevice(topology, qvo.namespace, qvo.name);
  return device?.ovsBridge ?? topology.ovs.bridges.find((b) => b.ports.some((p) => p.name === qvo.name))?.name ?? null;
}

function spoofingRules(topology: Topology, port: NeutronPort) {
  const chain = port.sgChains.spoofing;
  if (!chain) return [];
  const filter = topology.iptables?.tables.find((t) => t.name === 'filter');
  return (filter?.chains.find((c) => c.name === chain)?.rules ?? []).filter((r) => r.target === 'RETURN');
}
