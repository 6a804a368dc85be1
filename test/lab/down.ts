// Removes exactly what the lab made: the ledger first, the manifest and lab markers as a fallback.
import * as fs from 'node:fs';
import { exec, ipBatch } from './exec';
import { readLedger, type LedgerEntry } from './ledger';
import { readManifest } from './manifest';
import { removeChainsRestore } from './firewall';
import { isLabUser, stopSshd, users } from './access';
import { ovsDaemonPids, ovsRunning, stopOvs, stopPid, vsctl, livePid } from './ovs';
import { findLabProcesses } from './processes';
import { labMarker, paths, runDir } from './paths';

/** A netdev group no one else uses, only set right before deleting. */
const teardownGroup = 0x1ab;

export interface LabObjects {
  namespaces: Set<string>;
  links: Set<string>;
  bridges: Set<string>;
  chains: Set<string>;
  pidFiles: Set<string>;
  dirs: string[];
}

/** `extra`: entries of another ledger naming objects this down removes too (the Neutron lab's). */
export function labObjects(extra: readonly LedgerEntry[] = []): LabObjects {
  const o: LabObjects = { namespaces: new Set(), links: new Set(), bridges: new Set(), chains: new Set(), pidFiles: new Set(), dirs: [] };
  for (const e of [...readLedger(), ...extra]) {
    if (e.kind === 'netns') e.names.forEach((n) => o.namespaces.add(n));
    if (e.kind === 'links') e.names.forEach((n) => o.links.add(n));
    if (e.kind === 'ovs-bridges') e.names.forEach((n) => o.bridges.add(n));
    if (e.kind === 'chains') e.names.forEach((n) => o.chains.add(n));
    if (e.kind === 'dnsmasq') o.pidFiles.add(e.pidFile);
    if (e.kind === 'dir') o.dirs.push(e.path);
  }
  const m = readManifest();
  if (m) {
    m.namespaces.forEach((n) => o.namespaces.add(n));
    m.devices.filter((d) => d.namespace === null).forEach((d) => o.links.add(d.name));
    m.ovsBridges.forEach((b) => o.bridges.add(b));
    m.chains.filter((c) => c.namespace === null).forEach((c) => o.chains.add(c.name));
    m.dhcp.forEach((d) => o.pidFiles.add(d.pidFile));
  }
  return o;
}

export function liveNamespaces(): Set<string> {
  const out = exec(['ip', 'netns', 'list'], { allowFail: true }).stdout;
  return new Set(out.split('\n').map((l) => l.replace(/ \(id: \d+\)$/, '')).filter((l) => l !== ''));
}

export function liveRootLinks(): Set<string> {
  const out = exec(['ip', '-j', 'link', 'show'], { allowFail: true }).stdout;
  try {
    return new Set((JSON.parse(out) as { ifname: string }[]).map((l) => l.ifname));
  } catch {
    return new Set();
  }
}

export async function down(log: (msg: string) => void = () => {}, extra: readonly LedgerEntry[] = []): Promise<void> {
  const o = labObjects(extra);
  let last = Date.now();
  const step = (name: string) => {
    if (process.env.LAB_TIMING) log(`  down ${name}: ${Date.now() - last} ms`);
    last = Date.now();
  };

  // processes first: dnsmasq, sshd
  const dnsmasq = new Set<number>();
  for (const f of o.pidFiles) {
    const pid = livePid(f, 'dnsmasq');
    if (pid !== null) dnsmasq.add(pid);
  }
  findLabProcesses('dnsmasq', `--pid-file=${paths.dhcpStateDir}/`).forEach((p) => dnsmasq.add(p.pid));
  await Promise.all([...dnsmasq].map((pid) => stopPid(pid)));
  await stopSshd();
  await Promise.all(findLabProcesses('sshd', paths.sshdConfig).map((p) => stopPid(p.pid)));
  step('processes');

  // only the Open vSwitch this lab started (recorded pids), never another one through the shared pid files
  // (a start that died between starting the daemons and recording their pids: the pid files' daemons)
  const ledger = readLedger();
  const ovsPids = ledger.flatMap((e) => (e.kind === 'ovs-pids' ? [e] : []));
  const running = ovsDaemonPids();
  const ours = ovsPids.length > 0 ? ovsPids.some((p) => p.server === running.server && p.vswitchd === running.vswitchd) : ledger.some((e) => e.kind === 'ovs-daemons');
  // another Open vSwitch in the shared run dir (the lab's up refused it): its bridges and their devices are its own
  const foreignOvs = ovsRunning() && !ours;
  // Open vSwitch: delete the bridges (and their ports) while the daemons still run
  if (ovsRunning() && !foreignOvs && o.bridges.size > 0) {
    vsctl(['--if-exists', 'del-br', ...[...o.bridges].flatMap((b, i) => (i === 0 ? [b] : ['--', '--if-exists', 'del-br', b]))], true);
  }
  if (ovsPids.length > 0) await stopOvs(ovsPids);
  else if (ledger.some((e) => e.kind === 'ovs-daemons')) await stopOvs('started-unrecorded');
  step('ovs');

  // root-namespace devices (deleting a veth end deletes its peer; -force goes on)
  const rootLinks = liveRootLinks();
  // one kernel batch (one RCU wait instead of one per device): tag them with a group, delete the group
  const ovsMade = foreignOvs ? new Set([...o.bridges, 'ovs-netdev']) : new Set<string>();
  const ourLinks = [...o.links].filter((l) => rootLinks.has(l) && !ovsMade.has(l));
  ipBatch(ourLinks.map((l) => `link set dev ${l} group ${teardownGroup}`), null, true);
  if (ourLinks.length > 0) exec(['ip', 'link', 'del', 'group', String(teardownGroup)], { allowFail: true });
  ipBatch(ourLinks.filter((l) => liveRootLinks().has(l)).map((l) => `link del dev ${l}`), null, true);
  step('root links');

  // root-namespace iptables chains
  if (o.chains.size > 0) {
    for (const table of ['raw', 'filter', 'nat', 'mangle']) {
      const live = exec(['iptables', '-t', table, '-S'], { allowFail: true }).stdout;
      const restore = removeChainsRestore(table, live, o.chains);
      if (restore) exec(['iptables-restore', '--noflush'], { input: restore });
    }
  }

  // namespaces (their devices and iptables go with them)
  const namespaces = liveNamespaces();
  ipBatch([...o.namespaces].filter((n) => namespaces.has(n)).map((n) => `netns del ${n}`), null, true);
  const remaining = liveNamespaces();
  const stillThere = [...o.namespaces].filter((n) => remaining.has(n));
  for (const n of stillThere) exec(['ip', 'netns', 'del', n], { allowFail: true });
  step('namespaces');

  // persistent things carry the lab marker
  if (fs.existsSync(paths.sudoers) && fs.readFileSync(paths.sudoers, 'utf8').includes(labMarker)) fs.rmSync(paths.sudoers);
  const ourUsers = new Set(readLedger().flatMap((e) => (e.kind === 'user' ? [e.name] : [])));
  for (const user of [users.sudo, users.noPassword]) {
    if (ourUsers.has(user) && isLabUser(user)) exec(['userdel', '--force', '--remove', user], { allowFail: true });
  }
  for (const dir of o.dirs.reverse()) fs.rmSync(dir, { recursive: true, force: true });
  for (const file of [paths.manifest, paths.sshConfig, paths.knownHosts, paths.swapHostKey, `${paths.swapHostKey}.pub`]) {
    fs.rmSync(file, { force: true });
  }
  fs.rmSync(runDir, { recursive: true, force: true });
  step('files and users');
}
