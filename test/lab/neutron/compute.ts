// The two-node lab's compute node (`lab:up -- --neutron ovs-hybrid --nodes 2`, docs/deployments.md):
// its own network namespace and mount namespace (a holder process), its own Open vSwitch
// (userspace datapath, run dir bind-mounted on /run/openvswitch inside), its own
// neutron-openvswitch-agent (host compute1) and its own sshd, joined to the controller by a veth
// "underlay" whose ends sit on a br-phy bridge on each side (userspace VXLAN needs the tunnel
// endpoint on an OVS bridge). Everything is in the Neutron lab's ledger before it is made.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { exec } from '../exec';
import { ensureDir } from '../ledger';
import { sshdConfigText, users } from '../access';
import { vsctl } from '../ovs';
import { labDir, paths } from '../paths';
import type { NeutronApi } from './api';
import { type Daemon, DaemonError, logTail, spawnDaemon, waitReady } from './daemons';
import { recordNeutron } from './ledger';
import { npaths, rabbit } from './paths';

export const computeNode = {
  host: 'compute1',
  alias: 'devstack-compute',
  namespace: 'devstack-compute',
  runDir: '/run/devstack-compute',
  /** bind-mounted on /run/openvswitch inside the compute's mount namespace */
  ovsRunDir: '/run/devstack-compute/openvswitch',
  ovsDbDir: '/run/devstack-compute/ovs',
  /** bind-mounted on /run/netns inside the compute's mount namespace */
  netnsDir: '/run/devstack-compute/netns',
  sshdConfig: '/run/devstack-compute/sshd_config',
  sshdLog: '/run/devstack-compute/sshd.log',
  sshdPid: '/run/devstack-compute/sshd.pid',
  hostKey: path.join(labDir, 'ssh_host_ed25519_key.compute1'),
  etc: path.join(npaths.etc, 'compute1'),
  statePath: path.join(npaths.statePath, 'compute1'),
  /** argv[0] of the mount namespace holder, so verify-clean finds it without a ledger */
  holderMarker: 'devstack-compute-holder',
  bridge: 'br-phy',
  underlay: { controllerIp: '10.99.0.1', computeIp: '10.99.0.2', prefixLength: 24, controllerDev: 'ul-ctl', computeDev: 'ul-cmp' },
} as const;

export interface ComputeNode {
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

/** Namespace, underlay veth, mount namespace holder, the compute's Open vSwitch and both br-phy. Needs the controller's OVS running. */
export async function startComputeNetwork(): Promise<ComputeNode> {
  const c = computeNode;
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
  const holder = spawnDaemon('compute-mount-ns', [
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
  const server = spawnDaemon('compute-ovsdb-server', [
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
  const vswitchd = spawnDaemon('compute-ovs-vswitchd', [
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
  return { holderPid: holder.pid, daemons };
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

/** The compute's neutron-openvswitch-agent; waits until the API lists it alive on compute1. */
export async function startComputeAgent(node: ComputeNode, files: Record<string, string>, api: NeutronApi): Promise<Daemon> {
  const c = computeNode;
  fs.mkdirSync(c.etc, { recursive: true });
  fs.mkdirSync(path.join(c.statePath, 'lock'), { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(c.etc, file), text);
  const conf = (f: string) => ['--config-file', path.join(c.etc, f)];
  const agent = spawnDaemon('neutron-openvswitch-agent-compute1', [
    ...inCompute(node.holderPid), 'neutron-openvswitch-agent', ...conf('neutron.conf'), ...conf('openvswitch_agent.ini'),
  ]);
  node.daemons.push(agent);
  await waitReady(agent, async () => (await api.agents().catch(() => [])).some((a) => a.alive && a.host === c.host && a.binary === 'neutron-openvswitch-agent'),
    150_000, `reported alive as ${c.host}`);
  return agent;
}

/** The compute's own sshd on the underlay address, port 22, with its own host key. */
export async function startComputeSshd(node: ComputeNode): Promise<Daemon> {
  const c = computeNode;
  if (!fs.existsSync(c.hostKey) || !fs.existsSync(`${c.hostKey}.pub`)) {
    fs.rmSync(c.hostKey, { force: true });
    fs.rmSync(`${c.hostKey}.pub`, { force: true });
    exec(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'devstack-lab compute1 host key', '-f', c.hostKey]);
  }
  fs.writeFileSync(c.sshdConfig, sshdConfigText(22, c.hostKey, { listenAddress: c.underlay.computeIp, pidFile: c.sshdPid }), { mode: 0o600 });
  exec(['/usr/sbin/sshd', '-t', '-f', c.sshdConfig]);
  const d = spawnDaemon('compute-sshd', [...inCompute(node.holderPid), '/usr/sbin/sshd', '-D', '-f', c.sshdConfig, '-E', c.sshdLog]);
  node.daemons.push(d);
  await waitReady(d, () => canConnect(c.underlay.computeIp, 22), 20_000, 'listening on the underlay', c.sshdLog);
  return d;
}

/** The second Host entry of .lab/ssh_config and the compute's line in known_hosts. */
export function appendComputeClientFiles(): void {
  const c = computeNode;
  const [type, key] = fs.readFileSync(`${c.hostKey}.pub`, 'utf8').trim().split(/\s+/);
  fs.appendFileSync(paths.knownHosts, `${c.underlay.computeIp} ${type} ${key}\n`);
  fs.appendFileSync(paths.sshConfig, [
    `Host ${c.alias}`,
    `  HostName ${c.underlay.computeIp}`,
    '  Port 22',
    `  User ${users.sudo}`,
    `  IdentityFile ${paths.identity}`,
    '  IdentitiesOnly yes',
    `  UserKnownHostsFile ${paths.knownHosts}`,
    '  StrictHostKeyChecking yes',
    '  BatchMode yes',
    '',
  ].join('\n'));
}

/** The vxlan ports of one side's Open vSwitch with their packet counters. */
export function vxlanCounters(out: string): { name: string; remoteIp: string; rx: number; tx: number }[] {
  const rows = JSON.parse(out) as { data: unknown[][]; headings: string[] };
  return rows.data.map((row) => {
    const cell = (h: string) => row[rows.headings.indexOf(h)];
    const map = (v: unknown) => Object.fromEntries(((v as [string, [string, unknown][]])[1]) ?? []);
    const stats = map(cell('statistics')) as Record<string, number>;
    const options = map(cell('options')) as Record<string, string>;
    return { name: String(cell('name')), remoteIp: options.remote_ip ?? '', rx: Number(stats.rx_packets ?? 0), tx: Number(stats.tx_packets ?? 0) };
  });
}

export const vxlanQuery = ['--format=json', '--columns=name,options,statistics', 'find', 'Interface', 'type=vxlan'];

export const computeLeftoverMarkers = [computeNode.runDir, computeNode.holderMarker];
