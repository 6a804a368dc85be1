// Lists everything of the lab that is still on the machine (empty = clean).
import * as fs from 'node:fs';
import { exec } from './exec';
import { isLabUser, users } from './access';
import { labObjects, liveNamespaces, liveRootLinks } from './down';
import { findLabProcesses } from './processes';
import { labMarker, paths, runDir } from './paths';
import { neutronLeftovers } from './neutron/verify';

const labNamespace = /^(qrouter|qdhcp)-/;
const labLink = /^((tap|qbr|qvb|qvo)[0-9a-f]{8}-[0-9a-f]{2}|br-int|br-ex|br-tun|ovs-netdev)$/;
export const hostileLink = /[$'"();]/;

export function leftovers(): string[] {
  const found: string[] = [];
  const o = labObjects();
  if (fs.existsSync(runDir)) found.push(`run dir ${runDir}`);
  if (fs.existsSync(paths.manifest)) found.push(`manifest ${paths.manifest}`);
  for (const ns of liveNamespaces()) {
    if (labNamespace.test(ns) || o.namespaces.has(ns)) found.push(`namespace ${ns}`);
  }
  for (const link of liveRootLinks()) {
    if (labLink.test(link) || hostileLink.test(link) || o.links.has(link)) found.push(`device ${link}`);
  }
  for (const [program, marker] of [
    ['dnsmasq', paths.dhcpStateDir],
    ['sshd', paths.sshdConfig],
    ['ovsdb-server', paths.ovsRunDir],
    ['ovs-vswitchd', paths.ovsRunDir],
  ]) {
    for (const p of findLabProcesses(program, marker)) found.push(`process ${program} pid ${p.pid}`);
  }
  if (fs.existsSync(`${paths.ovsRunDir}/db.sock`)) found.push(`socket ${paths.ovsRunDir}/db.sock`);
  if (fs.existsSync(paths.sudoers)) found.push(`sudoers ${paths.sudoers}`);
  for (const user of [users.sudo, users.noPassword]) if (isLabUser(user)) found.push(`user ${user} (${labMarker})`);
  found.push(...neutronLeftovers(liveNamespaces()));
  for (const table of ['filter', 'nat', 'mangle', 'raw']) {
    const rules = exec(['iptables', '-t', table, '-S'], { allowFail: true }).stdout;
    for (const line of rules.split('\n')) {
      const chain = /^-N (neutron-\S+)$/.exec(line);
      if (chain) found.push(`iptables ${table} chain ${chain[1]}`);
    }
  }
  return found;
}
