// Brings up a real Neutron node on this machine: the services by hand, then the seed's world
// through the API, then what Nova would do (plug + guest). See test/lab/README.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exec } from '../exec';
import { ensureDir, readLedger } from '../ledger';
import { neutronLabBackend, recordNeutron } from './ledger';
import { uuid } from '../ids';
import { aliases, ensureKeys, ensureUsers, startSshd, users, writeClientFiles, writeSshdConfig } from '../access';
import { ovsDaemonPids, startOvs, vsctl } from '../ovs';
import type { Device, OvsPort } from '../manifest';
import { paths } from '../paths';
import { liveNamespaces } from '../down';
import { NeutronApi, projectId, type Port } from './api';
import { neutronConfigs } from './config';
import type { Daemon } from './daemons';
import { neutronDown } from './down';
import type { NeutronHost, NeutronManifest } from './manifest';
import { npaths, type Backend } from './paths';
import { plugPort, startGuest } from './plug';
import { probeUntil } from './probe';
import {
  appendComputeClientFiles, computeSpecs, computeVsctl, inCompute, maxComputes, ovnSbRemote, startComputeAgent, startComputeMetadataAgent,
  startComputeNetwork, startComputeOvn, startComputeSshd, startRabbitRelay, underlayNet, waitComputeAgentAlive, type ComputeNode,
} from './compute';
import { migrateDb, startAgents, startMariadb, startOvn, startRabbit, startServer, systemHost } from './services';
import { createWorld, publicNet, type World } from './world';

/** The fast lab's ledger exists while no Neutron lab is recorded: the fast lab is up (or half up). */
export function fastLabPresent(): boolean {
  return readLedger().length > 0 && neutronLabBackend() === null;
}

export { neutronLabBackend };

export interface UpOptions {
  backend: Backend;
  port: number;
  /** 2 or 3: the controller and nodes - 1 computes beside it (compute.ts); default 1 */
  nodes?: number;
}

export async function neutronUp(options: UpOptions, log: (m: string) => void): Promise<NeutronManifest> {
  const { backend } = options;
  const nodeCount = options.nodes ?? 1;
  if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > maxComputes + 1) throw new Error(`--nodes must be 1 to ${maxComputes + 1}, got ${options.nodes}`);
  const multiNode = nodeCount > 1;
  if (multiNode && backend === 'ovs-native') throw new Error(`--nodes ${nodeCount} is built for ovs-hybrid and ovn, not ${backend}`);
  if (fastLabPresent()) {
    throw new Error('the fast lab is up (its ledger is in /run/devstack-lab); run `npm run lab:down` first, the two labs share Open vSwitch and sshd');
  }
  const started = Date.now();
  const availableBefore = memAvailableMb();
  const timings: Record<string, number> = {};
  let last = Date.now();
  const step = (name: string) => {
    timings[name] = Date.now() - last;
    log(`  ${name}: ${((Date.now() - last) / 1000).toFixed(1)}s`);
    last = Date.now();
    if (process.env.LAB_FAIL_AFTER === name) throw new Error(`stopping after "${name}" (LAB_FAIL_AFTER)`);
  };
  await neutronDown(log);
  step('clean leftovers');
  recordNeutron({ kind: 'neutron', backend });
  const host = systemHost();
  const api = new NeutronApi();

  ensureKeys();
  ensureUsers();
  ensureDir(npaths.statePath, 0o755, recordNeutron);
  fs.mkdirSync(npaths.etc, { recursive: true });
  fs.mkdirSync(npaths.lock, { recursive: true });
  const controllerNode = multiNode ? { localIp: underlayNet.controllerIp } : undefined;
  for (const [file, text] of Object.entries(neutronConfigs(backend, host, controllerNode))) fs.writeFileSync(path.join(npaths.etc, file), text);
  step('keys, users, config');

  const ovsBridges = backend === 'ovn' ? ['br-int', 'br-ex'] : ['br-int', 'br-ex', 'br-tun'];
  // startOvs() refuses an Open vSwitch that is not the lab's before it makes anything: only then are
  // the bridges ours to record (a down after that refusal must not delete the other one's br-int)
  startOvs();
  recordNeutron({ kind: 'ovs-bridges', names: ovsBridges });
  recordNeutron({ kind: 'links', names: [...ovsBridges, 'ovs-netdev'] });
  // what DevStack does for the public network: br-ex on the userspace datapath, holding the gateway
  vsctl(['--may-exist', 'add-br', 'br-ex', '--', 'set', 'Bridge', 'br-ex', 'datapath_type=netdev']);
  exec(['ip', 'addr', 'replace', `${publicNet.gatewayIp}/24`, 'dev', 'br-ex']);
  exec(['ip', 'link', 'set', 'dev', 'br-ex', 'up']);
  step('open vswitch');
  const nodes: ComputeNode[] = [];
  for (const spec of computeSpecs(nodeCount)) nodes.push(await startComputeNetwork(spec));
  if (multiNode) step(`computes (${nodes.length}): namespaces, underlay, their open vswitch, br-phy`);

  const daemons: Daemon[] = [];
  const [mariadb, rabbitmq] = await Promise.all([startMariadb(), startRabbit()]);
  daemons.push(mariadb, ...rabbitmq);
  if (multiNode) daemons.push(await startRabbitRelay());
  step('mariadb and rabbitmq');
  const chassis = backend === 'ovn' ? uuid('neutron-lab-chassis') : null;
  if (chassis) {
    daemons.push(...(await startOvn(chassis, multiNode ? { ip: underlayNet.controllerIp, sbPort: underlayNet.controllerSbPort } : undefined)));
    step('ovn');
  }
  const computeFiles = (c: ComputeNode['spec']) => neutronConfigs(backend, c.host, {
    localIp: c.underlay.computeIp, rabbitHost: c.underlay.controllerIp, statePath: c.statePath,
    lockPath: path.join(c.statePath, 'lock'), bridgeMappings: '', sbConnection: ovnSbRemote,
  });
  // ovn: each compute's chassis and metadata agent need the southbound database only: start them now, so they
  // are registered (and Neutron's health check has seen them) by the time the agents are alive
  const computeAgents: { node: ComputeNode; daemon: Daemon; binary: string }[] = [];
  if (backend === 'ovn' && multiNode) {
    await Promise.all(nodes.map(async (node) => {
      const files = computeFiles(node.spec);
      computeAgents.push({ node, daemon: await startComputeOvn(node), binary: 'ovn-controller' });
      const meta = startComputeMetadataAgent(node, { 'neutron.conf': files['neutron.conf'], 'ovn_metadata_agent.ini': files['ovn_metadata_agent.ini'] });
      computeAgents.push({ node, daemon: meta, binary: 'neutron-ovn-metadata-agent' });
    }));
    step(`compute chassis registered (${nodes.map((n) => n.spec.host).join(', ')})`);
  }
  await migrateDb();
  step('neutron-db-manage upgrade heads');
  daemons.push(await startServer(api));
  step('neutron-server');
  if (backend !== 'ovn') {
    // ovs: the computes' agents start beside the controller's (they only need RabbitMQ and the server)
    for (const node of nodes) {
      const files = computeFiles(node.spec);
      const agent = startComputeAgent(node, { 'neutron.conf': files['neutron.conf'], 'openvswitch_agent.ini': files['openvswitch_agent.ini'] });
      computeAgents.push({ node, daemon: agent, binary: 'neutron-openvswitch-agent' });
    }
  }
  // every agent alive in Neutron's API, the controller's and the computes' (ports bound to a compute need its agent)
  const [controllerAgents] = await Promise.all([
    startAgents(backend, api, host),
    ...computeAgents.map((a) => waitComputeAgentAlive(a.node, a.daemon, a.binary, api)),
  ]);
  daemons.push(...controllerAgents);
  for (const node of nodes) daemons.push(...node.daemons);
  step(multiNode ? `agents alive (controller and ${nodes.map((n) => n.spec.host).join(', ')})` : 'agents alive');

  // vm1 on compute1; with a second compute, vm2 on compute2; the rest on the controller
  const nodeOf = (name: string): ComputeNode | null => nodes[['vm1', 'vm2'].indexOf(name)] ?? null;
  const world = await createWorld(api, host, log, (name) => nodeOf(name)?.spec.host ?? host);
  const netIds = [world.privateNetwork.id, world.secondNetwork.id];
  // ovn: a network's ovnmeta- namespace is on the nodes where its instances are (the metadata agent follows the bindings)
  const controllerNets = world.instances.filter((i) => nodeOf(i.name) === null).map((i) => i.network.id);
  const ovnNetsHere = netIds.filter((n) => !multiNode || controllerNets.includes(n));
  recordNeutron({
    kind: 'netns',
    names: backend === 'ovn' ? ovnNetsHere.map((n) => `ovnmeta-${n}`) : [`qrouter-${world.router.id}`, ...netIds.map((n) => `qdhcp-${n}`)],
  });
  if (backend === 'ovn') recordNeutron({ kind: 'links', names: ovnNetsHere.map((n) => `tap${n.slice(0, 10)}0`) });
  step('world through the API');

  const plugged = [];
  for (const inst of world.instances) {
    const there = nodeOf(inst.name);
    const names = plugPort(inst.port, backend, inst.network.mtu, there ? inCompute(there.holderPid) : []);
    await startGuest(inst.port, names, inst.subnet, inst.network.mtu, there ? inCompute(there.holderPid) : []);
    plugged.push({ inst, names });
  }
  const agentLogs = () => daemons.filter((d) => d.name.startsWith('neutron-')).map((d) => `${d.name}: ${d.log}`).join('\n');
  for (const { inst } of plugged) inst.port = await api.waitPortActive(inst.port.id, 120_000, () => `logs:\n${agentLogs()}`);
  step('ports plugged, guests up, ports ACTIVE');

  const ping = await probeUntil({ from: 'root', to: world.floatingIp.floating_ip_address, proto: 'icmp', timeoutSeconds: 1 }, 'delivered', 90_000);
  if (ping.verdict !== 'delivered') throw new Error(`the floating IP ${world.floatingIp.floating_ip_address} does not answer ping from the root namespace: ${ping.detail}\nlogs:\n${agentLogs()}`);
  step('floating IP answers');

  // the agents finish on their own time: every namespace (the OVN metadata agent provisions a
  // network when its first port binds) and, on ML2/OVS, every dnsmasq
  const wantNs = backend === 'ovn' ? ovnNetsHere.map((n) => `ovnmeta-${n}`) : [`qrouter-${world.router.id}`, ...netIds.map((n) => `qdhcp-${n}`)];
  const wantFiles = backend === 'ovn'
    ? world.instances.flatMap((i) => { const n = nodeOf(i.name); return n ? [`${n.spec.netnsDir}/ovnmeta-${i.network.id}`] : []; })
    : netIds.map((n) => `${npaths.statePath}/dhcp/${n}/pid`);
  await api.waitFor('the agents\' namespaces and dnsmasq pid files', async () => {
    const live = liveNamespaces();
    return wantNs.every((n) => live.has(n)) && wantFiles.every((f) => fs.existsSync(f)) ? true : undefined;
  }, 120_000, () => `namespaces wanted: ${wantNs.join(' ')} ${wantFiles.join(' ')}\nlogs:\n${agentLogs()}`);
  step('namespaces and dnsmasq');

  writeSshdConfig(options.port);
  await startSshd();
  writeClientFiles(options.port);
  for (const node of nodes) {
    daemons.push(await startComputeSshd(node));
    appendComputeClientFiles(node.spec);
  }
  const portNode = new Map(plugged.flatMap((p) => { const n = nodeOf(p.inst.name); return n ? [[p.inst.port.id, n] as const] : []; }));
  const manifest = await buildManifest(api, backend, world, plugged.map((p) => p.names), options.port, chassis, daemons, multiNode ? { nodes, portNode } : null);
  fs.writeFileSync(paths.manifest, JSON.stringify(manifest, null, 2) + '\n');
  step(multiNode ? `sshd (${nodeCount} nodes) and manifest` : 'sshd and manifest');
  const memory = { availableDropMb: availableBefore - memAvailableMb(), daemonsRssMb: sessionRssMb([...daemons.map((d) => d.pid), ...Object.values(ovsDaemonPids()).filter((p): p is number => p !== null)]) };
  fs.writeFileSync(path.join(npaths.dir, 'timings.json'), JSON.stringify({ backend, nodes: nodeCount, totalMs: Date.now() - started, steps: timings, memory }, null, 2));
  log(`  memory: ${memory.daemonsRssMb} MB resident in the lab's daemons, MemAvailable down ${memory.availableDropMb} MB`);
  log(`lab: Neutron (${backend}${multiNode ? `, ${nodeCount} nodes` : ''}) up in ${((Date.now() - started) / 1000).toFixed(1)}s; floating IP ${world.floatingIp.floating_ip_address}; ssh -F ${paths.sshConfig} ${aliases.sudo}`);
  return manifest;
}

function memAvailableMb(): number {
  const m = /MemAvailable:\s+(\d+) kB/.exec(fs.readFileSync('/proc/meminfo', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

/** Resident memory of every process in our daemons' sessions (their workers, privsep helpers, dnsmasq…). */
function sessionRssMb(pids: readonly number[]): number {
  const sessions = new Set(pids);
  let kb = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const session = Number(fields[3]);
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!sessions.has(session) && !cmd.includes(npaths.dir) && !cmd.includes(npaths.statePath)) continue;
      kb += Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // exited while we looked
    }
  }
  return Math.round(kb / 1024);
}

const name11 = (prefix: string, portId: string) => `${prefix}${portId.slice(0, 11)}`;
const addr = (p: Port, prefixLength: number, name: string) => ({ portId: p.id, name, ip: p.fixed_ips[0].ip_address, prefixLength, mac: p.mac_address });

function ovsTag(port: string, holderPid: number | null = null): number {
  const args = ['--if-exists', 'get', 'Port', port, 'tag'];
  const out = (holderPid === null ? vsctl(args, true) : computeVsctl(holderPid, args, true)).trim();
  return /^\d+$/.test(out) ? Number(out) : 0;
}

async function buildManifest(
  api: NeutronApi, backend: Backend, world: World, names: ReturnType<typeof plugPort>[], port: number, chassis: string | null, daemons: Daemon[],
  compute: { nodes: ComputeNode[]; portNode: ReadonlyMap<string, ComputeNode> } | null = null,
): Promise<NeutronManifest> {
  const nodeOfPort = (portId: string) => compute?.portNode.get(portId) ?? null;
  const onCompute = (portId: string) => nodeOfPort(portId) !== null;
  const ovn = backend === 'ovn';
  const hybrid = backend === 'ovs-hybrid';
  const allPorts = await api.ports();
  const routerPorts = allPorts.filter((p) => p.device_id === world.router.id);
  const qg = routerPorts.find((p) => p.device_owner === 'network:router_gateway')!;
  const qr = routerPorts.find((p) => p.device_owner === 'network:router_interface' && p.network_id === world.privateNetwork.id)!;
  const nets = [[world.privateNetwork, world.privateSubnet], [world.secondNetwork, world.secondSubnet]] as const;
  const dhcpOwner = ovn ? 'network:distributed' : 'network:dhcp';
  const networks = nets.map(([n, s]) => {
    const dp = allPorts.find((p) => p.network_id === n.id && p.device_owner === dhcpOwner)!;
    const inst = world.instances.find((i) => i.network.id === n.id)!;
    const instOvsPort = hybrid ? name11('qvo', inst.port.id) : name11('tap', inst.port.id);
    return {
      id: n.id,
      subnetId: s.id,
      cidr: s.cidr,
      gatewayIp: s.gateway_ip,
      tag: ovn ? 0 : ovsTag(instOvsPort, nodeOfPort(inst.port.id)?.holderPid ?? null),
      namespace: ovn ? `ovnmeta-${n.id}` : `qdhcp-${n.id}`,
      dhcpPort: addr(dp, Number(s.cidr.split('/')[1]), ovn ? `tap${n.id.slice(0, 10)}1` : name11('tap', dp.id)),
      stateDir: ovn ? '' : `${npaths.statePath}/dhcp/${n.id}`,
    };
  });
  const instancePorts = world.instances.map((inst, i) => {
    const p = inst.port;
    const n = names[i];
    const net = networks.find((x) => x.id === inst.network.id)!;
    const prefix10 = p.id.slice(0, 10);
    return {
      portId: p.id, prefix11: p.id.slice(0, 11), tap: n.tap, qbr: n.qbr, qvb: n.qvb, qvo: n.qvo,
      fixedIp: p.fixed_ips[0].ip_address, network: inst.network.id, mac: p.mac_address, tag: net.tag,
      sgChains: hybrid ? { inbound: `neutron-openvswi-i${prefix10}`, outbound: `neutron-openvswi-o${prefix10}`, spoofing: `neutron-openvswi-s${prefix10}` } : null,
      name: inst.name, vmUuid: inst.vmUuid, subnetId: inst.subnet.id, gatewayIp: inst.subnet.gateway_ip,
      prefixLength: Number(inst.subnet.cidr.split('/')[1]), guestNamespace: n.guestNamespace, guestDevice: n.guestDevice,
      ...(compute ? { host: nodeOfPort(p.id)?.spec.host ?? systemHost() } : {}),
    };
  });
  const routerNs = `qrouter-${world.router.id}`;
  const devices: Device[] = [
    ...['br-int', 'br-ex', ...(ovn ? [] : ['br-tun'])].map((name): Device => ({ name, namespace: null, kind: 'ovs-internal' })),
    { name: 'ovs-netdev', namespace: null, kind: 'ovs-datapath' },
  ];
  // the controller's: a port plugged on a compute has its devices in that compute's namespace (hosts[i])
  const here = instancePorts.filter((p) => !onCompute(p.portId));
  // ovn: a network's ovnmeta- namespace lives where its instance is (multi-node: on the compute)
  const metaHere = (networkId: string) => !ovn || here.some((p) => p.network === networkId);
  for (const p of here) {
    devices.push({ name: p.tap, namespace: null, kind: 'tap' });
    if (p.qbr) devices.push({ name: p.qbr, namespace: null, kind: 'bridge' }, { name: p.qvb!, namespace: null, kind: 'veth' }, { name: p.qvo!, namespace: null, kind: 'veth' });
  }
  for (const n of networks.filter((x) => metaHere(x.id))) {
    devices.push({ name: n.dhcpPort.name, namespace: n.namespace, kind: ovn ? 'veth' : 'ovs-internal' });
    if (ovn) devices.push({ name: `tap${n.id.slice(0, 10)}0`, namespace: null, kind: 'veth' });
  }
  if (!ovn) {
    for (const rp of routerPorts) {
      const isGw = rp.device_owner === 'network:router_gateway';
      devices.push({ name: name11(isGw ? 'qg-' : 'qr-', rp.id), namespace: routerNs, kind: 'ovs-internal' });
    }
  }
  const ovsPorts: OvsPort[] = here.map((p) => ({ bridge: 'br-int', name: p.qvo ?? p.tap, type: 'system', tag: ovn ? null : p.tag }));
  const chains = here.flatMap((p) =>
    p.sgChains ? Object.values(p.sgChains).map((name) => ({ table: 'filter' as const, name, namespace: null })) : [],
  );
  const ruleCount = exec(['iptables-save'], { allowFail: true }).stdout.split('\n').filter((l) => l.startsWith('-A ')).length;
  const dhcp = ovn
    ? []
    : networks.map((n) => {
        const pidFile = `${n.stateDir}/pid`;
        return { namespace: n.namespace, interface: n.dhcpPort.name, networkId: n.id, pid: Number(fs.readFileSync(pidFile, 'utf8').trim()), pidFile };
      });
  const fip = world.floatingIp;
  return {
    backend,
    host: { alias: aliases.sudo, alias_nopw: aliases.noPassword, hostName: '127.0.0.1', port, user: users.sudo, userNoPassword: users.noPassword },
    sshConfig: paths.sshConfig,
    knownHosts: paths.knownHosts,
    identity: paths.identity,
    sshdLog: paths.sshdLog,
    options: { routers: 1, networks: 2, instances: instancePorts.length, floating: 1, port },
    namespaces: networks.filter((n) => metaHere(n.id)).map((n) => n.namespace).concat(ovn ? [] : [routerNs]),
    devices,
    ovsBridges: vsctl(['list-br']).trim().split('\n').filter(Boolean),
    ovsPorts,
    linuxBridges: here.flatMap((p) => (p.qbr ? [p.qbr] : [])),
    floatingIps: [{
      floating: fip.floating_ip_address, fixed: fip.fixed_ip_address ?? '', router: world.router.id,
      namespace: ovn ? '' : routerNs, device: ovn ? '' : name11('qg-', qg.id), portId: fip.port_id ?? '',
    }],
    chains,
    ruleCount,
    instancePorts,
    routers: [{
      id: world.router.id, namespace: ovn ? '' : routerNs, networkId: world.privateNetwork.id,
      qr: addr(qr, 26, ovn ? `lrp-${qr.id}` : name11('qr-', qr.id)), qg: addr(qg, 24, ovn ? `lrp-${qg.id}` : name11('qg-', qg.id)),
      defaultGateway: publicNet.gatewayIp,
    }],
    networks,
    dhcp,
    publicNetwork: { cidr: publicNet.cidr, gatewayIp: publicNet.gatewayIp, bridge: publicNet.bridge },
    neutron: {
      projectId, apiUrl: api.base, publicNetworkId: world.publicNetwork.id, publicSubnetId: world.publicSubnet.id,
      routerId: world.router.id, securityGroupId: world.securityGroup.id, sshRuleId: world.rules.ssh.id,
      icmpRuleId: world.rules.icmp.id, floatingIpId: fip.id, chassis,
    },
    logs: Object.fromEntries(daemons.map((d) => [d.name, d.log])),
    ...(compute ? { hosts: hostsOf(backend, compute.nodes, port, instancePorts, networks) } : {}),
  };
}

/** The multi-node lab's hosts: the controller (the manifest's single-host fields) and each compute. */
function hostsOf(
  backend: Backend, nodes: readonly ComputeNode[], port: number,
  instancePorts: { host?: string; network: string; tap: string; qbr: string | null; qvb: string | null; qvo: string | null }[],
  networks: { id: string; namespace: string; dhcpPort: { name: string } }[],
): NeutronHost[] {
  const ovn = backend === 'ovn';
  const computes = nodes.map((node): NeutronHost => {
    const c = node.spec;
    const devices: Device[] = [
      { name: c.underlay.computeDev, namespace: null, kind: 'veth' },
      ...['br-int', ...(ovn ? [] : ['br-tun']), c.bridge].map((name): Device => ({ name, namespace: null, kind: 'ovs-internal' })),
    ];
    for (const p of instancePorts.filter((x) => x.host === c.host)) {
      devices.push({ name: p.tap, namespace: null, kind: 'tap' });
      if (p.qbr) devices.push({ name: p.qbr, namespace: null, kind: 'bridge' }, { name: p.qvb!, namespace: null, kind: 'veth' }, { name: p.qvo!, namespace: null, kind: 'veth' });
      const n = networks.find((x) => x.id === p.network);
      // ovn: the compute's metadata agent made this network's ovnmeta- namespace here
      if (ovn && n) devices.push({ name: n.dhcpPort.name, namespace: n.namespace, kind: 'veth' }, { name: `tap${n.id.slice(0, 10)}0`, namespace: null, kind: 'veth' });
    }
    return {
      alias: c.alias, role: 'compute', host: c.host, sshHost: c.underlay.computeIp, sshPort: 22, underlayIp: c.underlay.computeIp,
      hostKey: `${c.hostKey}.pub`, namespace: c.namespace, holderPid: node.holderPid,
      ovsBridges: computeVsctl(node.holderPid, ['list-br']).trim().split('\n').filter(Boolean), devices,
    };
  });
  return [
    {
      alias: aliases.sudo, role: 'controller', host: systemHost(), sshHost: '127.0.0.1', sshPort: port, underlayIp: underlayNet.controllerIp,
      hostKey: `${paths.hostKey}.pub`, namespace: null, holderPid: null, ovsBridges: vsctl(['list-br']).trim().split('\n').filter(Boolean), devices: [],
    },
    ...computes,
  ];
}
