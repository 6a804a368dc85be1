// What Nova/os-vif (and libvirt, qemu) do on a compute node: plug an instance port, then run a guest behind it.
import * as fs from 'node:fs';
import { exec, exec as run } from '../exec';
import { recordNeutron } from './ledger';
import { vsctl as rootVsctl } from '../ovs';
import type { Port } from './api';
import { spawnDaemon, waitReady } from './daemons';
import { npaths, type Backend } from './paths';

export interface PlugNames {
  tap: string;
  qbr: string | null;
  qvb: string | null;
  qvo: string | null;
  /** the guest's network namespace and its device */
  guestNamespace: string;
  guestDevice: string;
}

export function plugNames(portId: string, backend: Backend): PlugNames {
  const p = portId.slice(0, 11);
  const hybrid = backend === 'ovs-hybrid';
  return {
    tap: `tap${p}`,
    qbr: hybrid ? `qbr${p}` : null,
    qvb: hybrid ? `qvb${p}` : null,
    qvo: hybrid ? `qvo${p}` : null,
    guestNamespace: `vm-${portId.slice(0, 8)}`,
    guestDevice: 'eth0',
  };
}

/** libvirt gives the tap the instance MAC with fe: in front. */
const tapMac = (mac: string) => `fe${mac.slice(2)}`;

/**
 * `inNode`: argv prefix of another node (the two-node lab's compute: its namespaces, its Open vSwitch);
 * its devices die with its namespace, so they are not recorded as root devices.
 */
export function plugPort(port: Port, backend: Backend, mtu: number, inNode: string[] = []): PlugNames {
  const n = plugNames(port.id, backend);
  const onNode = inNode.length > 0;
  const exec = (argv: string[]) => run([...inNode, ...argv]);
  const vsctl = (args: string[]) => (onNode ? run([...inNode, 'ovs-vsctl', '--timeout=120', ...args]).stdout : rootVsctl(args));
  const externalIds = [
    `external_ids:iface-id=${port.id}`, 'external_ids:iface-status=active',
    `external_ids:attached-mac=${port.mac_address}`, `external_ids:vm-uuid=${port.device_id}`,
  ];
  if (!onNode) recordNeutron({ kind: 'links', names: [n.tap, ...(n.qbr ? [n.qbr, n.qvb!, n.qvo!] : [])] });
  exec(['ip', 'tuntap', 'add', 'dev', n.tap, 'mode', 'tap']);
  exec(['ip', 'link', 'set', 'dev', n.tap, 'address', tapMac(port.mac_address), 'mtu', String(mtu), 'up']);
  if (n.qbr) {
    // os-vif's ovs hybrid plug: a Linux bridge for iptables, a veth into br-int
    exec(['ip', 'link', 'add', n.qbr, 'type', 'bridge']);
    exec(['ip', 'link', 'set', 'dev', n.qbr, 'type', 'bridge', 'forward_delay', '0', 'stp_state', '0']);
    exec(['ip', 'link', 'add', n.qvb!, 'mtu', String(mtu), 'type', 'veth', 'peer', 'name', n.qvo!, 'mtu', String(mtu)]);
    exec(['ip', 'link', 'set', 'dev', n.qvb!, 'master', n.qbr, 'up']);
    exec(['ip', 'link', 'set', 'dev', n.qvo!, 'up']);
    exec(['ip', 'link', 'set', 'dev', n.qbr, 'up']);
    exec(['ip', 'link', 'set', 'dev', n.tap, 'master', n.qbr]);
    vsctl(['--', '--may-exist', 'add-port', 'br-int', n.qvo!, '--', 'set', 'Interface', n.qvo!, ...externalIds]);
  } else {
    vsctl(['--', '--may-exist', 'add-port', 'br-int', n.tap, '--', 'set', 'Interface', n.tap, ...externalIds]);
  }
  return n;
}

/** The guest: a namespace with a tap `eth0` addressed from the API, and guest.py relaying frames. */
/** `inNode`: the guest runs on another node (the compute): its namespace is made in that node's mount namespace. */
export async function startGuest(port: Port, n: PlugNames, subnet: { cidr: string; gateway_ip: string }, mtu: number, inNode: string[] = []): Promise<void> {
  const ns = n.guestNamespace;
  if (inNode.length === 0) recordNeutron({ kind: 'netns', names: [ns] });
  const ip = (args: string[]) => exec([...inNode, 'ip', ...args]);
  ip(['netns', 'add', ns]);
  const addr = port.fixed_ips[0].ip_address;
  const prefix = subnet.cidr.split('/')[1];
  ip(['-n', ns, 'tuntap', 'add', 'dev', n.guestDevice, 'mode', 'tap']);
  ip(['-n', ns, 'link', 'set', 'dev', n.guestDevice, 'address', port.mac_address, 'mtu', String(mtu), 'up']);
  ip(['-n', ns, 'link', 'set', 'dev', 'lo', 'up']);
  ip(['-n', ns, 'addr', 'add', `${addr}/${prefix}`, 'dev', n.guestDevice]);
  ip(['-n', ns, 'route', 'add', 'default', 'via', subnet.gateway_ip]);
  const d = spawnDaemon(`guest-${port.id.slice(0, 8)}`, [...inNode, 'python3', '-u', npaths.guestScript, n.tap, ns, n.guestDevice]);
  await waitReady(d, () => fs.readFileSync(d.log, 'utf8').includes('guest: relaying'), 20_000, 'relaying frames');
}
