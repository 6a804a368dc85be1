// Lists everything of the lab that is still on the machine (empty = clean).
import * as fs from 'node:fs';
import { exec } from './exec';
import { isLabUser, users } from './access';
import { labObjects, liveNamespaces, liveRootLinks } from './down';
import { findLabProcesses, listProcesses } from './processes';
import { labMarker, paths, runDir } from './paths';
import { neutronLeftovers } from './neutron/verify';

const labNamespace = /^(qrouter|qdhcp)-/;
const labLink = /^((tap|qbr|qvb|qvo)[0-9a-f]{8}-[0-9a-f]{2}|br-int|br-ex|br-tun|ovs-netdev)$/;
export const hostileLink = /[$'"();]/;

/**
 * An Open vSwitch in the default run dir that the lab did not start (its daemons name neither the
 * lab's database nor its logs, in ${paths.ovsDir}): its daemons, socket, bridges and ovs-netdev are
 * its own, not the lab's leftovers. Null when none runs.
 */
export function foreignOvs(): { pids: Set<number>; devices: Set<string> } | null {
  const theirs = listProcesses().filter(
    (p) => (p.name === 'ovsdb-server' || p.name === 'ovs-vswitchd') && p.argv.some((a) => a.includes(paths.ovsRunDir)) && !p.argv.some((a) => a.includes(paths.ovsDir)),
  );
  if (!theirs.some((p) => p.name === 'ovsdb-server')) return null;
  const bridges = exec(['ovs-vsctl', `--db=unix:${paths.ovsRunDir}/db.sock`, '--timeout=5', 'list-br'], { allowFail: true }).stdout;
  return { pids: new Set(theirs.map((p) => p.pid)), devices: new Set([...bridges.split('\n').filter(Boolean), 'ovs-netdev']) };
}

export function leftovers(): string[] {
  const found: string[] = [];
  const o = labObjects();
  const foreign = foreignOvs();
  if (fs.existsSync(runDir)) found.push(`run dir ${runDir}`);
  if (fs.existsSync(paths.manifest)) found.push(`manifest ${paths.manifest}`);
  for (const ns of liveNamespaces()) {
    if (labNamespace.test(ns) || o.namespaces.has(ns)) found.push(`namespace ${ns}`);
  }
  for (const link of liveRootLinks()) {
    if (foreign?.devices.has(link)) continue;
    if (labLink.test(link) || hostileLink.test(link) || o.links.has(link)) found.push(`device ${link}`);
  }
  for (const [program, marker] of [
    ['dnsmasq', paths.dhcpStateDir],
    ['sshd', paths.sshdConfig],
    ['ovsdb-server', paths.ovsRunDir],
    ['ovs-vswitchd', paths.ovsRunDir],
  ]) {
    for (const p of findLabProcesses(program, marker)) if (!foreign?.pids.has(p.pid)) found.push(`process ${program} pid ${p.pid}`);
  }
  if (!foreign && fs.existsSync(`${paths.ovsRunDir}/db.sock`)) found.push(`socket ${paths.ovsRunDir}/db.sock`);
  if (fs.existsSync(paths.sudoers)) found.push(`sudoers ${paths.sudoers}`);
  for (const user of [users.sudo, users.noPassword]) if (isLabUser(user)) found.push(`user ${user} (${labMarker})`);
  found.push(...neutronLeftovers(liveNamespaces()));
  for (const table of ['raw', 'filter', 'nat', 'mangle']) {
    const rules = exec(['iptables', '-t', table, '-S'], { allowFail: true }).stdout;
    for (const line of rules.split('\n')) {
      const chain = /^-N (neutron-\S+)$/.exec(line);
      if (chain) found.push(`iptables ${table} chain ${chain[1]}`);
    }
  }
  return found;
}
