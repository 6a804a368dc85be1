// The control plane started by hand, by pid: MariaDB, RabbitMQ, neutron-server, the agents, OVN.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { exec } from '../exec';
import { recordNeutron } from './ledger';
import { vsctl } from '../ovs';
import { NeutronApi } from './api';
import { type Daemon, DaemonError, logTail, spawnDaemon, waitReady } from './daemons';
import { npaths, rabbit, type Backend } from './paths';
import { ensureDir } from '../ledger';

const conf = (file: string) => ['--config-file', path.join(npaths.etc, file)];

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

export async function startMariadb(): Promise<Daemon> {
  fs.mkdirSync(npaths.mysqlDir, { recursive: true });
  const data = path.join(npaths.mysqlDir, 'data');
  exec(['mariadb-install-db', '--no-defaults', `--datadir=${data}`, '--user=root', '--auth-root-authentication-method=socket', '--skip-test-db'], { timeoutMs: 120_000 });
  const d = spawnDaemon('mariadb', [
    '/usr/sbin/mariadbd', '--no-defaults', `--datadir=${data}`, `--socket=${npaths.mysqlSock}`, '--skip-networking',
    '--user=root', `--pid-file=${path.join(npaths.mysqlDir, 'mariadbd.pid')}`, '--innodb-buffer-pool-size=64M',
    '--performance-schema=OFF', '--max-connections=500',
  ]);
  const sql = (q: string) => exec(['mariadb', '--no-defaults', `--socket=${npaths.mysqlSock}`, '-uroot', '-e', q], { allowFail: true });
  await waitReady(d, () => sql('SELECT 1').code === 0, 60_000, 'accepting connections');
  const res = sql("CREATE DATABASE neutron CHARACTER SET utf8; CREATE USER 'neutron'@'localhost' IDENTIFIED BY 'lab'; GRANT ALL ON neutron.* TO 'neutron'@'localhost';");
  if (res.code !== 0) throw new DaemonError(`mariadb: creating the neutron database failed: ${res.stderr}`);
  return d;
}

export async function startRabbit(): Promise<Daemon[]> {
  const base = npaths.rabbitDir;
  fs.mkdirSync(base, { recursive: true });
  fs.writeFileSync(path.join(base, 'rabbitmq-env.conf'), '');
  fs.writeFileSync(path.join(base, 'enabled_plugins'), '[].\n');
  // our own epmd on our own port, so nobody else's Erlang is touched and we can stop ours by pid
  const epmd = spawnDaemon('epmd', ['epmd', '-port', String(rabbit.epmdPort)]);
  await waitReady(epmd, () => canConnect(rabbit.epmdPort), 20_000, 'listening');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: base,
    ERL_EPMD_PORT: String(rabbit.epmdPort),
    RABBITMQ_CONF_ENV_FILE: path.join(base, 'rabbitmq-env.conf'),
    RABBITMQ_NODENAME: rabbit.node,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(rabbit.port),
    RABBITMQ_DIST_PORT: String(rabbit.port + 20000),
    RABBITMQ_MNESIA_BASE: path.join(base, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(base, 'log'),
    RABBITMQ_LOGS: '-',
    RABBITMQ_PID_FILE: path.join(base, 'rabbitmq.pid'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(base, 'enabled_plugins'),
    RABBITMQ_CONFIG_FILE: path.join(base, 'rabbitmq'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(base, 'advanced.config'),
  };
  const d = spawnDaemon('rabbitmq', ['/usr/lib/rabbitmq/bin/rabbitmq-server'], env, base);
  await waitReady(d, () => canConnect(rabbit.port), 90_000, 'listening for AMQP');
  return [epmd, d];
}

export async function migrateDb(): Promise<void> {
  const res = exec(['neutron-db-manage', ...conf('neutron.conf'), ...conf('ml2_conf.ini'), 'upgrade', 'heads'], { allowFail: true, timeoutMs: 600_000 });
  if (res.code !== 0) throw new DaemonError(`neutron-db-manage upgrade heads failed (exit ${res.code}):\n${(res.stderr + res.stdout).trim().split('\n').slice(-25).join('\n')}`);
}

export async function startServer(apiClient: NeutronApi): Promise<Daemon> {
  const d = spawnDaemon('neutron-server', ['neutron-server', ...conf('neutron.conf'), ...conf('ml2_conf.ini')]);
  await waitReady(d, () => apiClient.alive(), 180_000, 'answering its API');
  return d;
}

const agentFiles: Record<string, string> = {
  'neutron-openvswitch-agent': 'openvswitch_agent.ini',
  'neutron-l3-agent': 'l3_agent.ini',
  'neutron-dhcp-agent': 'dhcp_agent.ini',
  'neutron-metadata-agent': 'metadata_agent.ini',
  'neutron-ovn-metadata-agent': 'ovn_metadata_agent.ini',
};

export function agentsOf(backend: Backend): string[] {
  return backend === 'ovn'
    ? ['neutron-ovn-metadata-agent']
    : ['neutron-openvswitch-agent', 'neutron-l3-agent', 'neutron-dhcp-agent', 'neutron-metadata-agent'];
}

/** Starts the back end's agents and waits until Neutron reports each one alive on this host. */
export async function startAgents(backend: Backend, apiClient: NeutronApi, host: string): Promise<Daemon[]> {
  // processes our agents start that leave their process group
  recordNeutron({ kind: 'process-marker', program: 'dnsmasq', marker: `${npaths.statePath}/` });
  recordNeutron({ kind: 'process-marker', program: 'haproxy', marker: `${npaths.statePath}/` });
  recordNeutron({ kind: 'process-marker', program: 'privsep-helper', marker: `${npaths.etc}/` });
  if (backend !== 'ovn') recordNeutron({ kind: 'chain-prefix', prefix: 'neutron-' });
  const daemons = agentsOf(backend).map((binary) => spawnDaemon(binary, [binary, ...conf('neutron.conf'), ...conf(agentFiles[binary])]));
  const wanted = new Map(daemons.map((d) => [d.name, d]));
  const until = Date.now() + 150_000;
  for (;;) {
    const alive = new Set((await apiClient.agents().catch(() => [])).filter((a) => a.alive && a.host === host).map((a) => a.binary));
    const missing = [...wanted.keys()].filter((b) => !alive.has(b));
    if (missing.length === 0) return daemons;
    for (const b of missing) await waitReady(wanted.get(b)!, () => true, 1); // throws if the agent died
    if (Date.now() > until) {
      throw new DaemonError(missing.map((b) => `${b} never reported alive; last lines of its log:\n${logTail(wanted.get(b)!.log)}`).join('\n'));
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * OVN central (NB, SB, northd) and this chassis (ovn-controller), on our Open vSwitch.
 * `underlay` (multi-node lab): the SB database also listens on tcp:<ip>:<port> for the computes' ovn-controllers,
 * and this chassis's geneve endpoint is that IP, so its tunnels cross the underlay.
 */
export async function startOvn(systemId: string, underlay?: { ip: string; sbPort: number }): Promise<Daemon[]> {
  fs.mkdirSync(npaths.ovnDir, { recursive: true });
  ensureDir(npaths.ovnRunDir, 0o755, recordNeutron);
  recordNeutron({ kind: 'ovn-dbs', dir: npaths.ovnRunDir });
  const daemons: Daemon[] = [];
  for (const db of ['nb', 'sb'] as const) {
    const file = path.join(npaths.ovnDir, `ovn${db}_db.db`);
    exec(['ovsdb-tool', 'create', file, `/usr/share/ovn/ovn-${db}.ovsschema`]);
    const sock = path.join(npaths.ovnRunDir, `ovn${db}_db.sock`);
    const tcp = db === 'sb' && underlay ? [`--remote=ptcp:${underlay.sbPort}:${underlay.ip}`] : [];
    const d = spawnDaemon(`ovsdb-server-${db}`, [
      'ovsdb-server', file, `--remote=punix:${sock}`, ...tcp, `--remote=db:OVN_${db === 'nb' ? 'Northbound' : 'Southbound'},${db === 'nb' ? 'NB_Global' : 'SB_Global'},connections`,
      `--unixctl=${path.join(npaths.ovnRunDir, `ovn${db}_db.ctl`)}`, '-vconsole:info', '-vfile:off',
    ]);
    await waitReady(d, () => fs.existsSync(sock), 30_000, 'listening');
    daemons.push(d);
  }
  exec(['ovn-nbctl', '--no-wait', 'init']);
  exec(['ovn-sbctl', 'init']);
  const northd = spawnDaemon('ovn-northd', [
    'ovn-northd', `--ovnnb-db=unix:${npaths.ovnRunDir}/ovnnb_db.sock`, `--ovnsb-db=unix:${npaths.ovnRunDir}/ovnsb_db.sock`,
    `--pidfile=${path.join(npaths.ovnRunDir, 'ovn-northd.pid')}`, '-vconsole:info',
  ]);
  daemons.push(northd);
  // this chassis: geneve to itself, gateway-capable, br-int pre-created on the userspace datapath
  vsctl(['set', 'Open_vSwitch', '.', `external_ids:system-id=${systemId}`,
    `external_ids:ovn-remote=unix:${npaths.ovnRunDir}/ovnsb_db.sock`, 'external_ids:ovn-encap-type=geneve',
    `external_ids:ovn-encap-ip=${underlay?.ip ?? '127.0.0.1'}`, 'external_ids:ovn-bridge-mappings=public:br-ex',
    'external_ids:ovn-cms-options=enable-chassis-as-gw', `external_ids:hostname=${systemHost()}`]);
  vsctl(['--may-exist', 'add-br', 'br-int', '--', 'set', 'Bridge', 'br-int', 'datapath_type=netdev', 'fail_mode=secure',
    'other_config:disable-in-band=true']);
  const controller = spawnDaemon('ovn-controller', [
    'ovn-controller', 'unix:/run/openvswitch/db.sock', `--pidfile=${path.join(npaths.ovnRunDir, 'ovn-controller.pid')}`, '-vconsole:info',
  ]);
  await waitReady(controller, () => exec(['ovn-sbctl', '--columns=name', 'list', 'Chassis'], { allowFail: true }).stdout.includes(systemId), 60_000, 'registered as a chassis');
  daemons.push(controller);
  if (underlay) {
    // Neutron 21 (Zed) looks for ovn-cms-options and ovn-bridge-mappings in SB Chassis external_ids, while
    // ovn-controller 23.03 publishes them in other_config only: Neutron then finds no gateway-capable chassis
    // and schedules the router's gateway on every chassis, computes included (seen: cr-lrp bound on compute2,
    // the floating IP dead). With more than one chassis, publish them where Neutron reads them too.
    exec(['ovn-sbctl', 'set', 'Chassis', systemId, 'external_ids:ovn-cms-options=enable-chassis-as-gw', 'external_ids:ovn-bridge-mappings=public:br-ex']);
  }
  return daemons;
}

export const systemHost = (): string => exec(['hostname']).stdout.trim();
