// What the shared scenario steps (scenarios.ts) check the screen against, built from either lab's
// manifest: the fast hand-made lab (lab()) or the real Neutron lab of a back end (neutronLab()).
// Each fact is null where that back end has no such thing (no qrouter on OVN, no iptables chains
// per port with the native firewall).
import type { Manifest } from '../../lab/manifest';
import type { NeutronManifest } from '../../lab/neutron/manifest';
import type { Backend } from '../../lab/neutron/paths';
import { lab } from './lab';
import { neutronLab } from './neutron';

export interface DeviceFact {
  readonly name: string;
  /** as the tree shows them: ip/prefix */
  readonly addresses: readonly string[];
}

export interface NamespaceFact {
  readonly name: string;
  readonly devices: readonly DeviceFact[];
}

export interface InstanceFact {
  readonly portId: string;
  readonly prefix11: string;
  readonly network: string;
  readonly tap: string;
  /** iptables_hybrid only (os-vif's Linux bridge and veth pair) */
  readonly hybrid: { readonly qbr: string; readonly qvb: string; readonly qvo: string } | null;
  /** iptables_hybrid only */
  readonly inboundChain: string | null;
}

export interface LabFacts {
  readonly backend: Backend;
  /** the fast hand-made lab or the real Neutron lab */
  readonly real: boolean;
  /** namespaces the sidebar shows under Namespaces, each with devices and their addresses */
  readonly namespaces: readonly NamespaceFact[];
  /** ML2/OVS: the router's namespace, its qg- device and the default route */
  readonly router: { readonly namespace: string; readonly qg: string; readonly defaultGateway: string } | null;
  readonly floating: { readonly floating: string; readonly fixed: string };
  /** the instance behind the floating IP (the one the lesson talks about) */
  readonly instance: InstanceFact;
  /** every instance port (the lesson's focus may be another one where the node shows no floating IP) */
  readonly instances: readonly InstanceFact[];
  /** ML2/OVS: the DHCP namespace of the instance's network, the DHCP port's device and address */
  readonly dhcp: { readonly namespace: string; readonly device: string; readonly ip: string } | null;
  /** OVN: the ovnmeta- namespace of the instance's network and its tap…1 with the metadata port's address */
  readonly metadata: { readonly namespace: string; readonly device: string; readonly ip: string } | null;
  /** the real lab's default security group (OVN names its port group after it) */
  readonly securityGroupId: string | null;
}

type AnyManifest = Manifest | NeutronManifest;

const address = (a: { ip: string; prefixLength: number }) => `${a.ip}/${a.prefixLength}`;

function factsOf(m: AnyManifest, backend: Backend, real: boolean): LabFacts {
  const ovn = backend === 'ovn';
  const floatingIp = m.floatingIps[0];
  if (!floatingIp) throw new Error('the lab manifest has no floating IP');
  const instances: InstanceFact[] = m.instancePorts.map((p) => ({
    portId: p.portId,
    prefix11: p.prefix11,
    network: p.network,
    tap: p.tap,
    hybrid: p.qbr && p.qvb && p.qvo ? { qbr: p.qbr, qvb: p.qvb, qvo: p.qvo } : null,
    inboundChain: p.sgChains?.inbound ?? null,
  }));
  const fixedOf = new Map(m.instancePorts.map((p) => [p.portId, p.fixedIp]));
  const router = ovn ? undefined : m.routers.find((r) => r.namespace !== '' && r.namespace === floatingIp.namespace) ?? m.routers[0];
  const instance =
    instances.find((i) => fixedOf.get(i.portId) === floatingIp.fixed) ?? instances.find((i) => i.network === router?.networkId) ?? instances[0];
  if (!instance) throw new Error('the lab manifest has no instance port');
  const network = m.networks.find((n) => n.id === instance.network);
  if (!network) throw new Error(`the lab manifest has no network ${instance.network}`);
  const namespaces: NamespaceFact[] = [];
  if (router) {
    namespaces.push({ name: router.namespace, devices: [{ name: router.qr.name, addresses: [address(router.qr)] }, { name: router.qg.name, addresses: [address(router.qg)] }] });
  }
  const port = { namespace: network.namespace, device: network.dhcpPort.name, ip: network.dhcpPort.ip };
  // OVN: the metadata port holds the subnet address and the well-known metadata address
  const portAddresses = ovn ? [address(network.dhcpPort), '169.254.169.254/32'] : [address(network.dhcpPort)];
  namespaces.push({ name: network.namespace, devices: [{ name: network.dhcpPort.name, addresses: portAddresses }] });
  return {
    backend,
    real,
    namespaces,
    router: router ? { namespace: router.namespace, qg: router.qg.name, defaultGateway: router.defaultGateway } : null,
    floating: { floating: floatingIp.floating, fixed: floatingIp.fixed },
    instance,
    instances,
    dhcp: ovn ? null : port,
    metadata: ovn ? port : null,
    securityGroupId: 'neutron' in m ? m.neutron.securityGroupId : null,
  };
}

/** The fast hand-made lab (ML2/OVS with iptables_hybrid, as the seed built it). */
export function fastLabFacts(): LabFacts {
  return factsOf(lab(), 'ovs-hybrid', false);
}

/** The real Neutron lab of `backend`; fails loudly when another lab (or none) is up. */
export function neutronFacts(backend: Backend): LabFacts {
  return factsOf(neutronLab(backend), backend, true);
}
