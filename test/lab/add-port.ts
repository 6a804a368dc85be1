// A lab change for the snapshot tests: one more instance port with a floating IP, wired as the
// hybrid OVS agent and the L3 agent would (tap/qbr/qvb/qvo on br-int, its security-group chains
// and jumps, the DNAT/SNAT rules and the /32 on qg-). The next port and floating IP of the plan
// with one more instance and floating IP, so its names and addresses are the lab's own kind.
import { exec, inNetns, ipBatch, requireRoot } from './exec';
import { rootFilterRestore } from './firewall';
import { routerRestore } from './l3';
import { record } from './ledger';
import { readManifest } from './manifest';
import { instanceLinks } from './topology';
import { vsctl } from './ovs';
import type { FloatingIp, InstancePort } from './manifest';
import { buildPlan } from './plan';

export function addPortWithFloatingIp(): { port: InstancePort; floating: FloatingIp } {
  requireRoot('adding a lab port');
  const m = readManifest();
  if (!m) throw new Error('the lab is not up');
  const before = buildPlan(m.options);
  const plan = buildPlan({ ...m.options, instances: m.options.instances + 1, floating: m.options.floating + 1 });
  const port = plan.instances.find((i) => !before.instances.some((b) => b.portId === i.portId))!;
  const floating = plan.floatingIps.find((f) => !before.floatingIps.some((b) => b.floating === f.floating))!;
  const router = plan.routers.find((r) => r.id === floating.router)!;

  record({ kind: 'links', names: [port.tap, port.qbr, port.qvb, port.qvo] });
  ipBatch(instanceLinks(port));
  vsctl([
    '--may-exist', 'add-port', 'br-int', port.qvo, `tag=${port.tag}`,
    '--', 'set', 'Interface', port.qvo, `external_ids:iface-id=${port.portId}`, `external_ids:attached-mac=${port.mac}`, 'external_ids:iface-status=active',
  ]);

  // Only the new port's chains and jumps (the sg-chain's jumps go before its final ACCEPT).
  const { inbound, outbound, spoofing } = port.sgChains;
  record({ kind: 'chains', table: 'filter', names: [inbound, outbound, spoofing] });
  // rootFilterRestore prints raw (conntrack zones) then filter; keep the filter table's lines that are this port's
  // (the new port's zone rules are left out, so a diff shows the security-group chains and nothing else).
  const ownChains = new Set([inbound, outbound, spoofing]);
  const lines: string[] = [];
  let table: string | null = null;
  for (const line of rootFilterRestore([port]).split('\n')) {
    if (line.startsWith('*')) {
      table = line.slice(1);
      if (table === 'filter') lines.push(line, ...[...ownChains].map((c) => `:${c} - [0:0]`));
      continue;
    }
    if (table !== 'filter') continue;
    if (line === 'COMMIT') {
      lines.push(line);
      continue;
    }
    const chain = /^-A (\S+) /.exec(line)?.[1];
    if (!chain || (!line.includes(port.tap.slice(3)) && !ownChains.has(chain))) continue;
    lines.push(chain === 'neutron-openvswi-sg-chain' ? line.replace(/^-A /, '-I ') : line);
  }
  lines.push('');
  exec(['iptables-restore', '--noflush'], { input: lines.join('\n') });

  // The router's nat table with every floating IP (the existing rules keep their text and order).
  exec([...inNetns(router.namespace), 'iptables-restore'], { input: routerRestore(router, plan.floatingIps.filter((f) => f.router === router.id)) });
  ipBatch([`addr add ${floating.floating}/32 brd ${floating.floating} dev ${router.qg.name}`], router.namespace);
  return { port, floating };
}

/**
 * Undoes addPortWithFloatingIp, so the tests after it see the lab as built: the port's devices and OVS port,
 * its jumps (as iptables-save prints them now) and chains, the router's nat table with the plan's floating IPs
 * only, and the /32 on qg-.
 */
export function removeAddedPort(added: { port: InstancePort; floating: FloatingIp }): void {
  requireRoot('removing a lab port');
  const m = readManifest();
  if (!m) throw new Error('the lab is not up');
  const { port, floating } = added;
  const plan = buildPlan(m.options);
  const router = plan.routers.find((r) => r.id === floating.router)!;

  vsctl(['--if-exists', 'del-port', 'br-int', port.qvo]);
  for (const name of [port.qvb, port.tap, port.qbr]) exec(['ip', 'link', 'del', name], { allowFail: true });

  const own = new Set([port.sgChains.inbound, port.sgChains.outbound, port.sgChains.spoofing]);
  const live = exec(['iptables-save', '-t', 'filter']).stdout.split('\n');
  const jumps = live.filter((l) => {
    const chain = /^-A (\S+) /.exec(l)?.[1];
    return chain !== undefined && !own.has(chain) && l.includes(port.tap.slice(3));
  });
  const undo = ['*filter', ...jumps.map((l) => l.replace(/^-A /, '-D ')), ...[...own].flatMap((c) => [`-F ${c}`, `-X ${c}`]), 'COMMIT', ''];
  exec(['iptables-restore', '--noflush'], { input: undo.join('\n') });

  exec([...inNetns(router.namespace), 'iptables-restore'], { input: routerRestore(router, plan.floatingIps.filter((f) => f.router === router.id)) });
  ipBatch([`addr del ${floating.floating}/32 dev ${router.qg.name}`], router.namespace);
}
