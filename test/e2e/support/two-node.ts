// The two-node Neutron lab (lab:up --neutron <back end> --nodes 2; E2E_NEUTRON_NODES=2 npm run test:e2e) for the
// scenarios of test/e2e/neutron/two-node/, shared by the back ends: its nodes (the controller, added as the lab
// host "devstack-lab", and the compute "devstack-compute"), their tunnel ports, and the instance bound to the compute.
import type { NeutronHost, NeutronManifest } from '../../lab/neutron/manifest';
import type { Backend } from '../../lab/neutron/paths';
import { labAlias } from './lab';
import { neutronLab } from './neutron';

export interface NodeFact {
  /** the tree's alias (the Host entry of ~/.ssh/config, as "Add DevStack host" suggests it) */
  readonly alias: string;
  /** the host as known_hosts names it (its key) */
  readonly knownAs: string;
  /** Neutron's host name (binding:host_id, OVN system-id) */
  readonly host: string;
  readonly underlayIp: string;
  /** its tunnel port to the other node: ML2/OVS br-tun vxlan-<remote ip in hex>, OVN br-int ovn-<chassis[:6]>-0 */
  readonly tunnel: { readonly bridge: string; readonly name: string };
}

export interface TwoNodeFacts {
  readonly backend: Backend;
  readonly m: NeutronManifest;
  readonly controller: NodeFact;
  readonly compute: NodeFact;
  /** the instance bound to the compute, behind the floating IP */
  readonly instance: NeutronManifest['instancePorts'][number];
  readonly floating: NeutronManifest['floatingIps'][number];
  /** ML2/OVS: the router (qrouter on the controller); null on OVN */
  readonly router: NeutronManifest['routers'][number] | null;
}

/** The back end of this run (E2E_NEUTRON); the scenarios are the same for each. */
export function twoNodeBackend(): Backend {
  const b = process.env.E2E_NEUTRON;
  if (b !== 'ovs-hybrid' && b !== 'ovs-native' && b !== 'ovn') throw new Error(`the two-node scenarios need E2E_NEUTRON=<back end> E2E_NEUTRON_NODES=2 npm run test:e2e (E2E_NEUTRON is ${b ?? 'unset'})`);
  return b;
}

const hexIp = (ip: string) => ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join('');

/** The two-node lab that is up, which must run this run's back end with two nodes; fails loudly otherwise. */
export function twoNodeLab(): TwoNodeFacts {
  const backend = twoNodeBackend();
  const m = neutronLab(backend);
  const [ctl, cmp] = [m.hosts?.find((h) => h.role === 'controller'), m.hosts?.find((h) => h.role === 'compute')];
  if (!ctl || !cmp) throw new Error(`the ${backend} lab that is up has no two nodes (manifest hosts: ${JSON.stringify(m.hosts?.map((h) => h.alias) ?? null)}): bring it up with --nodes 2`);
  const ovn = backend === 'ovn';
  // OVN names br-int's tunnel port after the other chassis (its system-id: the controller's is the lab's chassis).
  const chassis = (h: NeutronHost) => (h.role === 'controller' ? (m.neutron.chassis ?? h.host) : h.host);
  const tunnel = (self: NeutronHost, other: NeutronHost) => (ovn ? { bridge: 'br-int', name: `ovn-${chassis(other).slice(0, 6)}-0` } : { bridge: 'br-tun', name: `vxlan-${hexIp(other.underlayIp)}` });
  const knownAs = (h: NeutronHost) => (h.sshPort === 22 ? h.sshHost : `[${h.sshHost}]:${h.sshPort}`);
  const node = (h: NeutronHost, other: NeutronHost, alias: string): NodeFact => ({ alias, knownAs: knownAs(h), host: h.host, underlayIp: h.underlayIp, tunnel: tunnel(h, other) });
  const instance = m.instancePorts.find((p) => p.host === cmp.host);
  const floating = instance && m.floatingIps.find((f) => f.portId === instance.portId);
  if (!instance || !floating) throw new Error(`the two-node lab has no instance port bound to ${cmp.host} behind a floating IP`);
  return {
    backend,
    m,
    controller: node(ctl, cmp, labAlias),
    compute: node(cmp, ctl, cmp.alias),
    instance,
    floating,
    router: ovn ? null : (m.routers.find((r) => r.namespace === floating.namespace) ?? null),
  };
}
