// Builds the DevStack node of the "networking under the hood" exercise on this machine.
import * as fs from 'node:fs';
import { exec, execAll, inNetns } from './exec';
import { record } from './ledger';
import type { Device, LabOptions, Manifest } from './manifest';
import { readManifest } from './manifest';
import { buildPlan, publicNet, type Plan } from './plan';
import { ovsBridges, plannedOvsPorts, buildTopology } from './topology';
import { rawChains, rootChainNames, rootFilterChains, rootFilterRestore } from './firewall';
import { routerChains, routerRestore } from './l3';
import { dhcpChains, dhcpRestore, startDhcp } from './dhcp';
import { aliases, ensureKeys, ensureUsers, sshdConfigText, sshdPid, startSshd, users, writeClientFiles, writeSshdConfig } from './access';
import { down, liveNamespaces } from './down';
import { ovsRunning, livePid, startOvs } from './ovs';
import { readLedger } from './ledger';
import { paths, runDir } from './paths';

function devices(plan: Plan): Device[] {
  const d: Device[] = [
    ...ovsBridges.map((name): Device => ({ name, namespace: null, kind: 'ovs-internal' })),
    { name: 'ovs-netdev', namespace: null, kind: 'ovs-datapath' },
  ];
  for (const i of plan.instances) {
    d.push(
      { name: i.tap, namespace: null, kind: 'tap' },
      { name: i.qbr, namespace: null, kind: 'bridge' },
      { name: i.qvb, namespace: null, kind: 'veth' },
      { name: i.qvo, namespace: null, kind: 'veth' },
    );
  }
  for (const n of plan.networks) {
    d.push({ name: 'lo', namespace: n.namespace, kind: 'loopback' }, { name: n.dhcpPort.name, namespace: n.namespace, kind: 'ovs-internal' });
  }
  for (const r of plan.routers) {
    d.push(
      { name: 'lo', namespace: r.namespace, kind: 'loopback' },
      { name: r.qr.name, namespace: r.namespace, kind: 'ovs-internal' },
      { name: r.qg.name, namespace: r.namespace, kind: 'ovs-internal' },
    );
  }
  return d;
}

const readText = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
const countRules = (restore: string) => restore.split('\n').filter((l) => l.startsWith('-A ')).length;

/** Already up with the same knobs and nothing missing or extra (e.g. hostile names)? */
function isHealthy(m: Manifest | null, options: LabOptions): boolean {
  if (!m || JSON.stringify(m.options) !== JSON.stringify(options)) return false;
  const namespaces = liveNamespaces();
  // leftovers such as hostile names from a test that did not clean up
  if (readLedger().some((e) => e.kind === 'netns' && e.names.some((n) => !m.namespaces.includes(n) && namespaces.has(n)))) return false;
  if (!m.namespaces.every((n) => namespaces.has(n))) return false;
  if (sshdPid() === null || !ovsRunning()) return false;
  // sshd still on the lab's own host key (a test may have swapped it and died)
  if (readText(paths.sshdConfig) !== sshdConfigText(options.port, paths.hostKey)) return false;
  if (!m.dhcp.every((d) => livePid(d.pidFile, 'dnsmasq') !== null)) return false;
  if (!fs.existsSync(paths.sshConfig) || !fs.existsSync(paths.knownHosts)) return false;
  return exec(['iptables', '-t', 'filter', '-S', 'neutron-filter-top'], { allowFail: true }).code === 0;
}

export async function up(options: LabOptions, log: (msg: string) => void): Promise<Manifest> {
  const started = Date.now();
  const plan = buildPlan(options);
  const current = readManifest();
  if (isHealthy(current, options)) {
    log('lab: already up (same options); nothing to do');
    return current!;
  }
  let last = Date.now();
  const step = (name: string) => {
    if (process.env.LAB_TIMING) log(`  ${name}: ${Date.now() - last} ms`);
    last = Date.now();
    // lets tests prove that `down` cleans up after a half-finished `up`
    if (process.env.LAB_FAIL_AFTER === name) throw new Error(`stopping after "${name}" (LAB_FAIL_AFTER)`);
  };
  await down(log);
  step('clean leftovers');
  fs.mkdirSync(runDir, { recursive: true, mode: 0o755 });

  ensureKeys();
  ensureUsers();
  step('keys and users');
  startOvs();
  step('ovs daemons');
  await buildTopology(plan, step);

  record({ kind: 'chains', table: 'filter', names: [...rootChainNames(plan.instances), ...rawChains] });
  const trusted = [...plan.networks.map((n) => n.dhcpPort), ...plan.routers.flatMap((r) => [r.qg, r.qr])];
  const rootRestore = rootFilterRestore(plan.instances, trusted);
  exec(['iptables-restore', '--noflush'], { input: rootRestore });
  let ruleCount = countRules(rootRestore);
  const routerJobs = [
    ...plan.routers.map((r) => ({
      argv: [...inNetns(r.namespace), 'iptables-restore'],
      input: routerRestore(r, plan.floatingIps.filter((f) => f.router === r.id)),
    })),
    ...plan.networks.map((n) => ({ argv: [...inNetns(n.namespace), 'iptables-restore'], input: dhcpRestore() })),
  ];
  await execAll(routerJobs);
  ruleCount += routerJobs.reduce((sum, job) => sum + countRules(job.input), 0);
  step('iptables');

  const dhcp = await startDhcp(plan.networks, plan.instances, plan.routers);
  step('dnsmasq');
  writeSshdConfig(options.port);
  await startSshd();
  writeClientFiles(options.port);

  const manifest: Manifest = {
    host: { alias: aliases.sudo, alias_nopw: aliases.noPassword, hostName: '127.0.0.1', port: options.port, user: users.sudo, userNoPassword: users.noPassword },
    sshConfig: paths.sshConfig,
    knownHosts: paths.knownHosts,
    identity: paths.identity,
    sshdLog: paths.sshdLog,
    options,
    namespaces: [...plan.networks.map((n) => n.namespace), ...plan.routers.map((r) => r.namespace)],
    devices: devices(plan),
    ovsBridges,
    ovsPorts: plannedOvsPorts(plan),
    linuxBridges: plan.instances.map((i) => i.qbr),
    floatingIps: plan.floatingIps,
    chains: [...rootFilterChains(plan.instances), ...plan.routers.flatMap(routerChains), ...plan.networks.flatMap(dhcpChains)],
    ruleCount,
    instancePorts: plan.instances,
    routers: plan.routers,
    networks: plan.networks,
    dhcp,
    publicNetwork: { cidr: publicNet.cidr, gatewayIp: publicNet.gatewayIp, bridge: publicNet.bridge },
  };
  fs.writeFileSync(paths.manifest, JSON.stringify(manifest, null, 2) + '\n');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(
    `lab: up in ${seconds}s: ${manifest.namespaces.length} namespaces, ${manifest.devices.length} devices, ` +
      `${manifest.chains.length} chains, ${ruleCount} rules; ssh -F ${paths.sshConfig} ${aliases.sudo}`,
  );
  return manifest;
}
