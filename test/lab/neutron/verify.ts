// What the Neutron lab may leave behind, for `lab:verify-clean` (empty = clean).
import * as fs from 'node:fs';
import { exec } from '../exec';
import { listProcesses } from '../processes';
import { liveDaemons, markedProcesses } from './daemons';
import { npaths } from './paths';
import { allComputeSpecs, computeLeftoverMarkers } from './compute';
import { liveRootLinks } from '../down';

const neutronNamespace = /^(ovnmeta-|vm-|devstack-compute\d*$)/;
/** the multi-node lab's underlay (compute.ts) */
const underlayLink = /^(ul-ctl\d*|ul-cmp|br-phy)$/;
const programs = /^(neutron-|privsep-helper|mariadbd|beam\.smp|epmd|ovn-northd|ovn-controller)/;

export function neutronLeftovers(namespaces: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const ns of namespaces) if (neutronNamespace.test(ns)) found.push(`namespace ${ns}`);
  for (const d of liveDaemons()) found.push(`daemon ${d.name} pid ${d.pid}`);
  for (const p of markedProcesses()) found.push(`process ${p.name} pid ${p.pid}`);
  // our daemons by their command lines, in case the ledger is gone
  for (const p of listProcesses()) {
    if (programs.test(p.name) && p.argv.some((a) => a.includes(npaths.dir) || a.includes(npaths.statePath))) found.push(`process ${p.name} pid ${p.pid}`);
  }
  for (const l of liveRootLinks()) if (underlayLink.test(l)) found.push(`device ${l}`);
  // the compute node's processes (its OVS, the mount namespace holder), in case the ledger is gone
  for (const p of listProcesses()) {
    if (p.argv.some((a) => computeLeftoverMarkers.some((m) => a.includes(m)))) found.push(`process ${p.name} pid ${p.pid} (compute node)`);
  }
  for (const c of allComputeSpecs()) if (fs.existsSync(c.runDir)) found.push(`run dir ${c.runDir}`);
  for (const f of ['ovnnb_db.sock', 'ovnsb_db.sock']) if (fs.existsSync(`${npaths.ovnRunDir}/${f}`)) found.push(`socket ${npaths.ovnRunDir}/${f}`);
  if (fs.existsSync(npaths.statePath)) found.push(`directory ${npaths.statePath}`);
  if (fs.existsSync(npaths.dir)) found.push(`run dir ${npaths.dir}`);
  for (const table of ['filter', 'raw']) {
    for (const line of exec(['ip6tables', '-t', table, '-S'], { allowFail: true }).stdout.split('\n')) {
      const chain = /^-N (neutron-\S+)$/.exec(line);
      if (chain) found.push(`ip6tables ${table} chain ${chain[1]}`);
    }
  }
  const sets = exec(['ipset', 'list', '-n'], { allowFail: true }).stdout.split('\n').filter((n) => /^NIPv[46]/.test(n));
  for (const s of sets) found.push(`ipset ${s}`);
  return [...new Set(found)];
}
