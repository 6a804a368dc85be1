// Namespaces, devices and Open vSwitch ports, built in a few batched calls.
import { exec, execAll, ipBatch, type Job } from './exec';
import { uuid } from './ids';
import { record } from './ledger';
import type { InstancePort, OvsPort } from './manifest';
import { publicNet, type Plan } from './plan';
import { vsctl } from './ovs';

export const ovsBridges = ['br-int', 'br-ex', 'br-tun'];

interface InternalPort {
  bridge: string;
  name: string;
  tag: number | null;
  portId: string;
  mac: string;
  namespace: string;
  /** Port other_config as the OVS agent writes it. */
  otherConfig: string[];
}

/** The external network's id (the lab has no Neutron database; a stable made-up id). */
export const publicNetworkId = uuid('network-public');

/** What the OVS agent writes in a bound port's other_config (Python's None as the text "None"). */
function otherConfig(netId: string, tag: number, segment: { type: 'vxlan'; vni: number } | { type: 'flat'; physnet: string }): string[] {
  return [
    `other_config:net_uuid=${netId}`,
    `other_config:network_type=${segment.type}`,
    `other_config:physical_network=${segment.type === 'flat' ? segment.physnet : 'None'}`,
    `other_config:segmentation_id=${segment.type === 'vxlan' ? segment.vni : 'None'}`,
    `other_config:tag=${tag}`,
  ];
}

/** The external flat network's local VLAN on br-int: after the private networks'. */
export const publicTag = (plan: Plan) => plan.networks.length + 1;
const vni = (tag: number) => 1000 + tag;

function internalPorts(plan: Plan): InternalPort[] {
  const ports: InternalPort[] = [];
  for (const n of plan.networks) {
    const oc = otherConfig(n.id, n.tag, { type: 'vxlan', vni: vni(n.tag) });
    ports.push({ bridge: 'br-int', name: n.dhcpPort.name, tag: n.tag, portId: n.dhcpPort.portId, mac: n.dhcpPort.mac, namespace: n.namespace, otherConfig: oc });
  }
  const extTag = publicTag(plan);
  for (const r of plan.routers) {
    const n = plan.networks.find((x) => x.id === r.networkId)!;
    ports.push({ bridge: 'br-int', name: r.qr.name, tag: n.tag, portId: r.qr.portId, mac: r.qr.mac, namespace: r.namespace, otherConfig: otherConfig(n.id, n.tag, { type: 'vxlan', vni: vni(n.tag) }) });
    // Neutron 21: qg- sits on br-int with the external network's local VLAN; br-int reaches br-ex through int-br-ex/phy-br-ex.
    ports.push({ bridge: 'br-int', name: r.qg.name, tag: extTag, portId: r.qg.portId, mac: r.qg.mac, namespace: r.namespace, otherConfig: otherConfig(publicNetworkId, extTag, { type: 'flat', physnet: 'public' }) });
  }
  return ports;
}

/** Every OVS port the lab adds (bridges' own internal ports included). */
export function plannedOvsPorts(plan: Plan): OvsPort[] {
  return [
    ...ovsBridges.map((b): OvsPort => ({ bridge: b, name: b, type: 'internal', tag: null })),
    { bridge: 'br-int', name: 'patch-tun', type: 'patch', tag: null },
    { bridge: 'br-tun', name: 'patch-int', type: 'patch', tag: null },
    { bridge: 'br-int', name: 'int-br-ex', type: 'patch', tag: null },
    { bridge: 'br-ex', name: 'phy-br-ex', type: 'patch', tag: null },
    ...internalPorts(plan).map((p): OvsPort => ({ bridge: p.bridge, name: p.name, type: 'internal', tag: p.tag })),
    ...plan.instances.map((i): OvsPort => ({ bridge: 'br-int', name: i.qvo, type: 'system', tag: i.tag })),
  ];
}

/** Root-namespace devices the lab creates itself (OVS creates the rest). */
export function plannedRootLinks(plan: Plan): string[] {
  return plan.instances.flatMap((i) => [i.tap, i.qbr, i.qvb, i.qvo]);
}

function neutronIds(portId: string, mac: string): string[] {
  return [`external_ids:iface-id=${portId}`, `external_ids:attached-mac=${mac}`, 'external_ids:iface-status=active'];
}

/** `ip -batch` lines for one instance port's plumbing: tap -- qbr -- qvb==qvo. */
export function instanceLinks(i: InstancePort): string[] {
  return [
    `tuntap add dev ${i.tap} mode tap`,
    `link set dev ${i.tap} address ${i.mac.replace(/^fa/, 'fe')} mtu 1450`,
    `link add ${i.qbr} type bridge`,
    `link add ${i.qvb} mtu 1450 type veth peer name ${i.qvo} mtu 1450`,
    `link set dev ${i.qvb} master ${i.qbr}`,
    `link set dev ${i.tap} master ${i.qbr}`,
    `link set dev ${i.qbr} up`,
    `link set dev ${i.qvb} up`,
    `link set dev ${i.qvo} up`,
    `link set dev ${i.tap} up`,
  ];
}

export async function buildTopology(plan: Plan, step: (name: string) => void = () => {}): Promise<void> {
  const namespaces = [...plan.networks.map((n) => n.namespace), ...plan.routers.map((r) => r.namespace)];
  record({ kind: 'netns', names: namespaces });
  record({ kind: 'links', names: [...plannedRootLinks(plan), ...ovsBridges, 'ovs-netdev'] });
  record({ kind: 'ovs-bridges', names: ovsBridges });

  // 1. namespaces and the instance plumbing: tap -- qbr -- qvb==qvo
  const root: string[] = namespaces.map((ns) => `netns add ${ns}`);
  for (const i of plan.instances) root.push(...instanceLinks(i));
  ipBatch(root);
  step('namespaces and instance devices');

  // 2. one OVS transaction: bridges, patch ports, internal ports, qvo ports
  const tx: string[] = [];
  const clause = (...args: string[]) => tx.push('--', ...args);
  // As the OVS agent leaves them: every bridge secure, with the agent's OpenFlow controller,
  // and the agent's OVSDB manager on 127.0.0.1:6640.
  for (const b of ovsBridges) {
    clause('--may-exist', 'add-br', b);
    clause('set', 'Bridge', b, 'datapath_type=netdev', 'fail_mode=secure', 'protocols=OpenFlow10,OpenFlow13');
  }
  for (const b of ovsBridges) clause('set-controller', b, 'tcp:127.0.0.1:6633');
  clause('set-manager', 'ptcp:6640:127.0.0.1');
  const patch = (bridge: string, name: string, peer: string) => {
    clause('--may-exist', 'add-port', bridge, name);
    clause('set', 'Interface', name, 'type=patch', `options:peer=${peer}`);
    // the agent turns off multicast-snooping flooding on br-int's patch ports
    if (bridge === 'br-int') clause('set', 'Port', name, 'other_config:mcast-snooping-flood=False', 'other_config:mcast-snooping-flood-reports=False');
  };
  patch('br-int', 'patch-tun', 'patch-int');
  patch('br-tun', 'patch-int', 'patch-tun');
  patch('br-int', 'int-br-ex', 'phy-br-ex');
  patch('br-ex', 'phy-br-ex', 'int-br-ex');
  for (const p of internalPorts(plan)) {
    clause('--may-exist', 'add-port', p.bridge, p.name, ...(p.tag === null ? [] : [`tag=${p.tag}`]));
    clause('set', 'Port', p.name, ...p.otherConfig);
    clause('set', 'Interface', p.name, 'type=internal', ...neutronIds(p.portId, p.mac));
  }
  for (const i of plan.instances) {
    clause('--may-exist', 'add-port', 'br-int', i.qvo, `tag=${i.tag}`);
    clause('set', 'Port', i.qvo, ...otherConfig(i.network, i.tag, { type: 'vxlan', vni: vni(i.tag) }));
    clause('set', 'Interface', i.qvo, ...neutronIds(i.portId, i.mac), `external_ids:vm-uuid=${uuid(`vm:${i.portId}`)}`);
  }
  vsctl(tx.slice(1));
  // The agent's lowest flow on a physical bridge: br-ex switches (the fast lab runs no agent, so br-int and
  // br-tun stay secure with no flows: ofproto/trace says they drop, which the tracer reports as it is).
  exec(['ovs-ofctl', 'add-flow', 'br-ex', 'priority=0,actions=NORMAL']);
  step('ovs transaction');

  // 3. move the internal ports into their namespaces; br-ex gets the public gateway
  const moves = internalPorts(plan).map((p) => `link set dev ${p.name} netns ${p.namespace}`);
  const chunk = Math.ceil(moves.length / 4);
  await execAll([0, 1, 2, 3].map((i) => moves.slice(i * chunk, (i + 1) * chunk)).filter((c) => c.length > 0).map((c) => ({
    argv: ['ip', '-batch', '-'],
    input: c.join('\n') + '\n',
  })));
  ipBatch([`addr add ${publicNet.gatewayIp}/24 dev br-ex`, 'link set dev br-ex up']);
  step('move ports into namespaces');

  // 4. addresses and routes inside each namespace (one `ip -batch` per namespace, a few at a time)
  const jobs: Job[] = [];
  const batch = (namespace: string, lines: string[]) => jobs.push({ argv: ['ip', '-n', namespace, '-batch', '-'], input: lines.join('\n') + '\n' });
  for (const n of plan.networks) {
    const d = n.dhcpPort;
    batch(n.namespace, [
      'link set dev lo up',
      `link set dev ${d.name} address ${d.mac} mtu 1450`,
      `addr add ${d.ip}/${d.prefixLength} brd + dev ${d.name}`,
      `link set dev ${d.name} up`,
    ]);
  }
  const floatingOf = (routerId: string) => plan.floatingIps.filter((f) => f.router === routerId);
  for (const r of plan.routers) {
    batch(r.namespace, [
      'link set dev lo up',
      `link set dev ${r.qr.name} address ${r.qr.mac} mtu 1450`,
      `addr add ${r.qr.ip}/${r.qr.prefixLength} brd + dev ${r.qr.name}`,
      `link set dev ${r.qr.name} up promisc on`,
      `link set dev ${r.qg.name} address ${r.qg.mac}`,
      `addr add ${r.qg.ip}/${r.qg.prefixLength} brd + dev ${r.qg.name}`,
      ...floatingOf(r.id).map((f) => `addr add ${f.floating}/32 brd ${f.floating} dev ${r.qg.name}`),
      `link set dev ${r.qg.name} up promisc on`,
      `route replace default via ${r.defaultGateway} dev ${r.qg.name} proto static`,
    ]);
  }
  await execAll(jobs);
  step('addresses and routes');
}
