// The multi-node lab's compute nodes (`lab:up -- --neutron ovs-hybrid|ovn --nodes 2|3`, docs/deployments.md).
// Each compute: its own network namespace and mount namespace (a holder process), its own Open vSwitch
// (userspace datapath, run dir bind-mounted on /run/openvswitch inside), its own agent (ovs:
// neutron-openvswitch-agent; ovn: ovn-controller and neutron-ovn-metadata-agent) as host compute<i>,
// and its own sshd, joined to the controller by a veth "underlay" into one shared br-phy (userspace
// tunnelling needs the tunnel endpoint on an OVS bridge). Everything is in the Neutron lab's ledger before it is made.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { exec } from '../exec';
import { ensureDir } from '../ledger';
import { sshdConfigText, sshHostEntry, users } from '../access';
import { vsctl } from '../ovs';
import { labDir, paths } from '../paths';
import type { NeutronApi } from './api';
import { type Daemon, DaemonError, logTail, spawnDaemon, waitReady } from './daemons';
import { recordNeutron } from './ledger';
import { npaths, rabbit } from './paths';

/** Most computes the lab makes (`--nodes 3`: the controller and two computes). */
export const maxComputes = 2;

/** The underlay every node shares: 10.99.0.0/24, the controller at .1, compute i at .(i+1). */
export const underlayNet = { controllerIp: '10.99.0.1', prefixLength: 24, controllerSbPort: 6642 } as const;

/**
 * Compute i (1-based): host compute<i>; its alias, namespace and run dir are `devstack-compute` for i = 1
 * (as the two-node lab always named them) and `devstack-compute<i>` from i = 2 on.
 */
export function computeSpec(i: number) {
  const name = i === 1 ? 'devstack-compute' : `devstack-compute${i}`;
  const host = `compute${i}`;
  const runDir = `/run/${name}`;
  return {
    index: i,
    host,
    alias: name,
    namespace: name,
    runDir,
    /** bind-mounted on /run/openvswitch inside the compute's mount namespace */
    ovsRunDir: `${runDir}/openvswitch`,
    ovsDbDir: `${runDir}/ovs`,
    /** bind-mounted on /run/netns inside the compute's mount namespace */
    netnsDir: `${runDir}/netns`,
    /** ovn: bind-mounted on /run/ovn inside the compute's mount namespace (its ovn-controller's pid and ctl) */
    ovnRunDir: `${runDir}/ovn`,
    sshdConfig: `${runDir}/sshd_config`,
    sshdLog: `${runDir}/sshd.log`,
    sshdPid: `${runDir}/sshd.pid`,
    hostKey: path.join(labDir, `ssh_host_ed25519_key.${host}`),
    etc: path.join(npaths.etc, host),
    statePath: path.join(npaths.statePath, host),
    /** argv[0] of the mount namespace holder, so verify-clean finds it without a ledger */
    holderMarker: `${name}-holder`,
    bridge: 'br-phy',
    underlay: {
      controllerIp: underlayNet.controllerIp,
      computeIp: `10.99.0.${i + 1}`,
      prefixLength: underlayNet.prefixLength,
      // the root end of this compute's veth into the shared br-phy; `ul-ctl` for compute1 as before
      controllerDev: i === 1 ? 'ul-ctl' : `ul-ctl${i}`,
      computeDev: 'ul-cmp',
    },
  };
}

export type ComputeSpec = ReturnType<typeof computeSpec>;

/** compute1, the two-node lab's compute (tests and docs name it). */
export const computeNode = computeSpec(1);

/** The computes of an N-node lab (N - 1 of them). */
export const computeSpecs = (nodes: number): ComputeSpec[] => Array.from({ length: nodes - 1 }, (_, k) => computeSpec(k + 1));

export interface ComputeNode {
  spec: ComputeSpec;
  holderPid: number;
  daemons: Daemon[];
}

/** argv prefix that runs a command inside the compute (its mount and network namespaces). */
export const inCompute = (holderPid: number): string[] => ['nsenter', '-t', String(holderPid), '-m', '-n', '--'];

export function computeVsctl(holderPid: number, args: string[], allowFail = false): string {
  return exec([...inCompute(holderPid), 'ovs-vsctl', '--timeout=120', ...args], { allowFail }).stdout;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.setTimeout(1000, () => (s.destroy(), resolve(false)));
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/**
 * Namespace, underlay veth, mount namespace holder, the compute's Open vSwitch and its br-phy. Needs the controller's OVS running.
 * The underlay is ONE segment: the controller's br-phy, with one veth per compute plugged into it. Userspace
 * tunnelling needs the controller's endpoint IP on an OVS bridge anyway, and an OVS bridge (standalone fail mode,
 * NORMAL action) is a learning switch, so the computes also reach each other (compute-to-compute tunnels) through
 * it, with no extra Linux bridge to make and clean up.
 */
export async function startComputeNetwork(c: ComputeSpec = computeNode): Promise<ComputeNode> {
  const u = c.underlay;
  ensureDir(c.runDir, 0o755, recordNeutron);
  fs.mkdirSync(c.ovsRunDir, { recursive: true });
  fs.mkdirSync(c.ovsDbDir, { recursive: true });
  recordNeutron({ kind: 'netns', names: [c.namespace] });
  exec(['ip', 'netns', 'add', c.namespace]);
  recordNeutron({ kind: 'links', names: [u.controllerDev] });
  exec(['ip', 'link', 'add', u.controllerDev, 'type', 'veth', 'peer', 'name', u.computeDev, 'netns', c.namespace]);
  exec(['ip', 'link', 'set', 'dev', u.controllerDev, 'up']);
  exec(['ip', '-n', c.namespace, 'link', 'set', 'dev', 'lo', 'up']);
  exec(['ip', '-n', c.namespace, 'link', 'set', 'dev', u.computeDev, 'up']);

  const daemons: Daemon[] = [];
  const holder = spawnDaemon(`${c.host}-mount-ns`, [
    'ip', 'netns', 'exec', c.namespace, 'unshare', '--mount', '--propagation', 'private', 'bash', '-c', `exec -a ${c.holderMarker} sleep infinity`,
  ]);
  daemons.push(holder);
  await waitReady(holder, () => {
    try {
      return fs.readFileSync(`/proc/${holder.pid}/comm`, 'utf8').trim() === 'sleep';
    } catch {
      return false;
    }
  }, 10_000, 'holding its mount namespace');
  const pre = inCompute(holder.pid);
  // the compute's tools see its own Open vSwitch at the default place (the mount dies with the holder)
  exec([...pre, 'mount', '--bind', c.ovsRunDir, paths.ovsRunDir]);
  // and its own /run/netns: `ip netns` on the compute lists its namespaces only (the guest's), not the controller's
  fs.mkdirSync(c.netnsDir, { recursive: true });
  exec([...pre, 'mount', '--bind', c.netnsDir, '/run/netns']);

  const db = path.join(c.ovsDbDir, 'conf.db');
  const schema = '/usr/share/openvswitch/vswitch.ovsschema';
  exec(['ovsdb-tool', 'create', db, schema]);
  const sock = path.join(c.ovsRunDir, 'db.sock');
  const server = spawnDaemon(`${c.host}-ovsdb-server`, [
    ...pre, 'ovsdb-server', db, `--remote=punix:${sock}`, '--remote=db:Open_vSwitch,Open_vSwitch,manager_options',
    `--pidfile=${path.join(c.ovsRunDir, 'ovsdb-server.pid')}`, `--log-file=${path.join(c.ovsDbDir, 'ovsdb-server.log')}`,
  ]);
  daemons.push(server);
  await waitReady(server, () => fs.existsSync(sock), 20_000, 'listening');
  const version = /(\d+\.\d+\.\d+)/.exec(exec(['ovs-vswitchd', '--version']).stdout)?.[1] ?? 'unknown';
  const dbVersion = exec(['ovsdb-tool', 'schema-version', schema]).stdout.trim();
  computeVsctl(holder.pid, ['--no-wait', 'init']);
  computeVsctl(holder.pid, ['--no-wait', 'set', 'Open_vSwitch', '.', `ovs_version="${version}"`, `db_version="${dbVersion}"`,
    `external_ids:hostname="${c.host}"`, `external_ids:rundir="${paths.ovsRunDir}"`]);
  const vswitchd = spawnDaemon(`${c.host}-ovs-vswitchd`, [
    ...pre, 'ovs-vswitchd', `unix:${sock}`, `--pidfile=${path.join(c.ovsRunDir, 'ovs-vswitchd.pid')}`,
    `--log-file=${path.join(c.ovsDbDir, 'ovs-vswitchd.log')}`,
  ]);
  daemons.push(vswitchd);

  // the underlay on a br-phy on each side (the tunnel endpoint must be on an OVS bridge for userspace tunnelling)
  computeVsctl(holder.pid, ['--may-exist', 'add-br', c.bridge, '--', 'set', 'Bridge', c.bridge, 'datapath_type=netdev',
    '--', '--may-exist', 'add-port', c.bridge, u.computeDev]);
  exec([...pre, 'ip', 'addr', 'replace', `${u.computeIp}/${u.prefixLength}`, 'dev', c.bridge]);
  exec([...pre, 'ip', 'link', 'set', 'dev', c.bridge, 'up']);
  recordNeutron({ kind: 'ovs-bridges', names: [c.bridge] });
  recordNeutron({ kind: 'links', names: [c.bridge] });
  vsctl(['--may-exist', 'add-br', c.bridge, '--', 'set', 'Bridge', c.bridge, 'datapath_type=netdev',
    '--', '--may-exist', 'add-port', c.bridge, u.controllerDev]);
  exec(['ip', 'addr', 'replace', `${u.controllerIp}/${u.prefixLength}`, 'dev', c.bridge]);
  exec(['ip', 'link', 'set', 'dev', c.bridge, 'up']);
  const until = Date.now() + 30_000;
  while (exec(['ping', '-n', '-c', '1', '-W', '1', u.computeIp], { allowFail: true }).code !== 0) {
    if (Date.now() > until) throw new DaemonError(`the underlay does not answer: ping ${u.computeIp} from the controller failed\n${logTail(vswitchd.log)}`);
  }
  return { spec: c, holderPid: holder.pid, daemons };
}

/** RabbitMQ answers the compute on the underlay; a relay keeps the guest user's connection from loopback. */
export async function startRabbitRelay(): Promise<Daemon> {
  const { controllerIp } = computeNode.underlay;
  const d = spawnDaemon('rabbitmq-underlay-relay', [
    'socat', `TCP-LISTEN:${rabbit.port},bind=${controllerIp},fork,reuseaddr`, `TCP:127.0.0.1:${rabbit.port}`,
  ]);
  await waitReady(d, () => canConnect(controllerIp, rabbit.port), 20_000, 'listening on the underlay');
  return d;
}

/** The compute's neutron-openvswitch-agent (wait for it with waitComputeAgentAlive). */
export function startComputeAgent(node: ComputeNode, files: Record<string, string>): Daemon {
  const c = node.spec;
  writeComputeFiles(c, files);
  const agent = spawnDaemon(`neutron-openvswitch-agent-${c.host}`, [
    ...inCompute(node.holderPid), 'neutron-openvswitch-agent', ...computeConf(c, 'neutron.conf'), ...computeConf(c, 'openvswitch_agent.ini'),
  ]);
  node.daemons.push(agent);
  return agent;
}

/**
 * ovn: the compute as a chassis. br-int pre-created on the userspace datapath (ovn-controller would make it on the
 * kernel one), system-id and hostname compute<i>, geneve from its underlay IP, the controller's southbound database
 * over the underlay; no br-ex and no bridge mappings. Its ovn-controller keeps its pid and ctl in its own /run/ovn
 * (bind-mounted, like /run/openvswitch), so `ovn-appctl -t ovn-controller` over its sshd reaches it.
 */
export async function startComputeOvn(node: ComputeNode): Promise<Daemon> {
  const c = node.spec;
  const pre = inCompute(node.holderPid);
  fs.mkdirSync(c.ovnRunDir, { recursive: true });
  exec([...pre, 'mount', '--bind', c.ovnRunDir, npaths.ovnRunDir]);
  computeVsctl(node.holderPid, ['set', 'Open_vSwitch', '.', `external_ids:system-id=${c.host}`, `external_ids:hostname=${c.host}`,
    `external_ids:ovn-remote=${ovnSbRemote}`, 'external_ids:ovn-encap-type=geneve', `external_ids:ovn-encap-ip=${c.underlay.computeIp}`]);
  computeVsctl(node.holderPid, ['--may-exist', 'add-br', 'br-int', '--', 'set', 'Bridge', 'br-int', 'datapath_type=netdev',
    'fail_mode=secure', 'other_config:disable-in-band=true']);
  const d = spawnDaemon(`ovn-controller-${c.host}`, [...pre, 'ovn-controller', 'unix:/run/openvswitch/db.sock', '--pidfile', '-vconsole:info']);
  node.daemons.push(d);
  await waitReady(d, () => exec(['ovn-sbctl', '--columns=name', 'list', 'Chassis'], { allowFail: true }).stdout.split('\n').some((l) => l.trim().endsWith(`: ${c.host}`)),
    60_000, `registered as chassis ${c.host}`);
  return d;
}

/** Waits until Neutron's API lists `binary` alive on the compute's host (the port binding needs it). */
export async function waitComputeAgentAlive(node: ComputeNode, d: Daemon, binary: string, api: NeutronApi): Promise<void> {
  const c = node.spec;
  await waitReady(d, async () => (await api.agents().catch(() => [])).some((a) => a.alive && a.host === c.host && a.binary === binary),
    150_000, `reported alive as ${c.host} (${binary})`);
}

/** ovn: the southbound database as the computes reach it (services.ts makes it listen there). */
export const ovnSbRemote = `tcp:${underlayNet.controllerIp}:${underlayNet.controllerSbPort}`;

/** ovn: neutron-ovn-metadata-agent on the compute (it needs the southbound database only; wait with waitComputeAgentAlive). */
export function startComputeMetadataAgent(node: ComputeNode, files: Record<string, string>): Daemon {
  const c = node.spec;
  writeComputeFiles(c, files);
  const d = spawnDaemon(`neutron-ovn-metadata-agent-${c.host}`, [
    ...inCompute(node.holderPid), 'neutron-ovn-metadata-agent', ...computeConf(c, 'neutron.conf'), ...computeConf(c, 'ovn_metadata_agent.ini'),
  ]);
  node.daemons.push(d);
  return d;
}

function writeComputeFiles(c: ComputeSpec, files: Record<string, string>): void {
  fs.mkdirSync(c.etc, { recursive: true });
  fs.mkdirSync(path.join(c.statePath, 'lock'), { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(c.etc, file), text);
}

const computeConf = (c: ComputeSpec, f: string) => ['--config-file', path.join(c.etc, f)];

/** The compute's own sshd on the underlay address, port 22, with its own host key. */
export async function startComputeSshd(node: ComputeNode): Promise<Daemon> {
  const c = node.spec;
  if (!fs.existsSync(c.hostKey) || !fs.existsSync(`${c.hostKey}.pub`)) {
    fs.rmSync(c.hostKey, { force: true });
    fs.rmSync(`${c.hostKey}.pub`, { force: true });
    exec(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `devstack-lab ${c.host} host key`, '-f', c.hostKey]);
  }
  fs.writeFileSync(c.sshdConfig, sshdConfigText(22, c.hostKey, { listenAddress: c.underlay.computeIp, pidFile: c.sshdPid }), { mode: 0o600 });
  exec(['/usr/sbin/sshd', '-t', '-f', c.sshdConfig]);
  const d = spawnDaemon(`${c.host}-sshd`, [...inCompute(node.holderPid), '/usr/sbin/sshd', '-D', '-f', c.sshdConfig, '-E', c.sshdLog]);
  node.daemons.push(d);
  await waitReady(d, () => canConnect(c.underlay.computeIp, 22), 20_000, 'listening on the underlay', c.sshdLog);
  return d;
}

/** The compute's Host entry in .lab/ssh_config and its line in known_hosts. */
export function appendComputeClientFiles(c: ComputeSpec = computeNode): void {
  const [type, key] = fs.readFileSync(`${c.hostKey}.pub`, 'utf8').trim().split(/\s+/);
  fs.appendFileSync(paths.knownHosts, `${c.underlay.computeIp} ${type} ${key}\n`);
  fs.appendFileSync(paths.sshConfig, sshHostEntry(c.alias, c.underlay.computeIp, 22, users.sudo));
}

/** The tunnel ports (vxlan or geneve, from `tunnelQuery`) of one side's Open vSwitch with their packet counters. */
export function tunnelCounters(out: string): { name: string; remoteIp: string; rx: number; tx: number }[] {
  const rows = JSON.parse(out) as { data: unknown[][]; headings: string[] };
  return rows.data.map((row) => {
    const cell = (h: string) => row[rows.headings.indexOf(h)];
    const map = (v: unknown) => Object.fromEntries(((v as [string, [string, unknown][]])[1]) ?? []);
    const stats = map(cell('statistics')) as Record<string, number>;
    const options = map(cell('options')) as Record<string, string>;
    return { name: String(cell('name')), remoteIp: options.remote_ip ?? '', rx: Number(stats.rx_packets ?? 0), tx: Number(stats.tx_packets ?? 0) };
  });
}

export const tunnelQuery = (type: 'vxlan' | 'geneve'): string[] => ['--format=json', '--columns=name,options,statistics', 'find', 'Interface', `type=${type}`];
export const vxlanCounters = tunnelCounters;
export const vxlanQuery = tunnelQuery('vxlan');

/** Substrings of every compute's processes (`/run/devstack-compute` is a prefix of `/run/devstack-compute2`…). */
export const computeLeftoverMarkers = [computeNode.runDir, computeNode.holderMarker];
export const allComputeSpecs = (): ComputeSpec[] => computeSpecs(maxComputes + 1);
