// One real dnsmasq per network, inside its qdhcp namespace, started the way the Neutron DHCP agent does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execAll, inNetns } from './exec';
import { declareChains, filterWrapJumps, MANGLE_BUILTINS, mangleWrapJumps, rawWrap } from './firewall';
import { ensureDir, record } from './ledger';
import type { Chain, Dhcp, InstancePort, Network, Router } from './manifest';
import { livePid } from './ovs';

const hostName = (ip: string) => `host-${ip.replace(/\./g, '-')}`;

function netmask(prefixLength: number): string {
  const bits = prefixLength === 0 ? 0 : (~0 << (32 - prefixLength)) >>> 0;
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 255).join('.');
}

export function dnsmasqArgv(n: Network): string[] {
  const dir = n.stateDir;
  const [base] = n.cidr.split('/');
  // Neutron 21 with DevStack's dnsmasq_local_resolv = True: no --no-resolv, and
  // --local-service --bind-dynamic instead of --bind-interfaces --interface=tap…
  return [
    // '' is where --no-resolv would go: the agent passes an empty argument (ps shows two spaces)
    'dnsmasq', '--no-hosts', '',
    `--pid-file=${dir}/pid`, `--dhcp-hostsfile=${dir}/host`, `--addn-hosts=${dir}/addn_hosts`,
    `--dhcp-optsfile=${dir}/opts`, `--dhcp-leasefile=${dir}/leases`,
    '--dhcp-match=set:ipxe,175', '--dhcp-userclass=set:ipxe6,iPXE', '--local-service', '--bind-dynamic',
    `--dhcp-range=set:subnet-${n.subnetId},${base},static,${netmask(n.dhcpPort.prefixLength)},86400s`,
    '--dhcp-option-force=option:mtu,1450', '--dhcp-lease-max=64', '--conf-file=/dev/null', '--domain=openstacklocal',
  ];
}

function writeStateFiles(n: Network, ports: readonly InstancePort[], routers: readonly Router[]): void {
  fs.mkdirSync(n.stateDir, { recursive: true });
  // The agent lists the network's router and instance ports (not its own DHCP port).
  const hosts = [
    ...routers.filter((r) => r.networkId === n.id).map((r) => ({ mac: r.qr.mac, ip: r.qr.ip })),
    ...ports.filter((p) => p.network === n.id).map((p) => ({ mac: p.mac, ip: p.fixedIp })),
  ];
  const file = (name: string, lines: string[], lastNewline = true) =>
    fs.writeFileSync(path.join(n.stateDir, name), lines.join('\n') + (lastNewline && lines.length > 0 ? '\n' : ''));
  file('host', hosts.map((h) => `${h.mac},${hostName(h.ip)}.openstacklocal,${h.ip}`));
  file('addn_hosts', hosts.map((h) => `${h.ip}\t${hostName(h.ip)}.openstacklocal ${hostName(h.ip)}`));
  const tag = `tag:subnet-${n.subnetId}`;
  file('opts', [
    // enable_isolated_metadata = False: metadata goes through the router
    `${tag},option:classless-static-route,169.254.169.254/32,${n.gatewayIp},0.0.0.0/0,${n.gatewayIp}`,
    `${tag},249,169.254.169.254/32,${n.gatewayIp},0.0.0.0/0,${n.gatewayIp}`,
    `${tag},option:router,${n.gatewayIp}`,
  ], false);
  file('leases', []);
  file('interface', [n.dhcpPort.name], false);
}

export async function startDhcp(networks: readonly Network[], ports: readonly InstancePort[], routers: readonly Router[]): Promise<Dhcp[]> {
  if (networks.length > 0) ensureDir(path.dirname(networks[0].stateDir));
  const pidFile = (n: Network) => `${n.stateDir}/pid`;
  for (const n of networks) {
    record({ kind: 'dnsmasq', pidFile: pidFile(n) });
    writeStateFiles(n, ports, routers);
  }
  await execAll(networks.map((n) => ({ argv: [...inNetns(n.namespace), ...dnsmasqArgv(n)] })));
  return networks.map((n) => {
    const pid = livePid(pidFile(n), 'dnsmasq');
    if (pid === null) throw new Error(`dnsmasq for ${n.namespace} did not start`);
    return { namespace: n.namespace, interface: n.dhcpPort.name, networkId: n.id, pid, pidFile: pidFile(n) };
  });
}

/** The DHCP agent's iptables wrapper prefix: "neutron-dhcp-agent" cut to 16 characters. */
const AGE = 'neutron-dhcp-age';
const dhcpFilterChains = ['neutron-filter-top', `${AGE}-FORWARD`, `${AGE}-INPUT`, `${AGE}-OUTPUT`, `${AGE}-local`];
const dhcpMangleChains = [`${AGE}-FORWARD`, `${AGE}-INPUT`, `${AGE}-OUTPUT`, `${AGE}-POSTROUTING`, `${AGE}-PREROUTING`, `${AGE}-mark`];
const dhcpRawChains = [`${AGE}-OUTPUT`, `${AGE}-PREROUTING`];

export function dhcpChains(n: Network): Chain[] {
  return [
    ...dhcpFilterChains.map((name): Chain => ({ table: 'filter', name, namespace: n.namespace })),
    ...dhcpMangleChains.map((name): Chain => ({ table: 'mangle', name, namespace: n.namespace })),
    ...dhcpRawChains.map((name): Chain => ({ table: 'raw', name, namespace: n.namespace })),
  ];
}

/** iptables-restore input for a qdhcp namespace, tables in the agent's order (mangle, raw, filter). */
export function dhcpRestore(): string {
  return [
    '*mangle',
    ...declareChains(MANGLE_BUILTINS, dhcpMangleChains),
    ...mangleWrapJumps(AGE),
    `-A ${AGE}-POSTROUTING -p udp -m udp --dport 68 -j CHECKSUM --checksum-fill`,
    `-A ${AGE}-PREROUTING -j ${AGE}-mark`,
    'COMMIT',
    ...rawWrap(AGE),
    '*filter',
    ...declareChains(['INPUT', 'FORWARD', 'OUTPUT'], dhcpFilterChains),
    ...filterWrapJumps(AGE),
    'COMMIT',
    '',
  ].join('\n');
}
