// Issue 9, part 7: a full snapshot and every built-in query change nothing on the host.
import { strict as assert } from 'node:assert';
import { run } from '../../src/core/command';
import * as q from '../../src/core/commands/queries';
import { collectNamespaceIptables, collectTopology } from '../../src/core/snapshot/index';
import { requireLab, rootExec } from '../lab/control';
import { labPool } from './lab-pool';

/** Bridge timers (gc_timer 214.94) tick by themselves; they are not a change. */
const timersDropped = (text: string): string => text.replace(/(_timer)\s+[\d.]+/g, '$1');

/** What must not change: rules (counters dropped), links, OVS, namespaces. */
function hostState(): Record<string, string> {
  const lab = requireLab();
  const out = (argv: string[]) => {
    const r = rootExec(argv);
    assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const rules = (text: string) => text.split('\n').filter((l) => !l.startsWith('#')).map((l) => l.replace(/\[\d+:\d+\]/g, '')).join('\n');
  const state: Record<string, string> = {
    'iptables-save': rules(out(['iptables-save'])),
    'ip -d link': timersDropped(out(['ip', '-d', 'link'])),
    'ovs-vsctl show': out(['ovs-vsctl', 'show']),
    'ip netns list': out(['ip', 'netns', 'list']),
  };
  for (const ns of lab.namespaces) {
    state[`${ns}: iptables-save`] = rules(out(['ip', 'netns', 'exec', ns, 'iptables-save']));
    state[`${ns}: ip -d link`] = timersDropped(out(['ip', '-n', ns, '-d', 'link']));
    state[`${ns}: ip route`] = out(['ip', '-n', ns, 'route']);
  }
  return state;
}

describe('nothing is written on the host', function () {
  it('a full snapshot and every built-in query leave iptables, links, OVS and namespaces as they were', async () => {
    const before = hostState();
    const lab = labPool();
    const ran: string[] = [];
    try {
      const runner = lab.pool.runner(lab.host);
      const topology = await collectTopology(runner, { sudo: true });
      const targets = [null, ...topology.namespaces.map((n) => n.name)].map((namespace) => ({ namespace, sudo: true }));
      for (const t of targets) {
        for (const spec of [q.ipAddrQuery(t), q.ipRouteQuery(t), q.ipRuleQuery(t), q.ipNeighQuery(t), q.socketsQuery(t), q.iptablesSaveQuery(t), q.iptablesNatQuery(t), q.bridgeLinkQuery(t), q.pingQuery(t, '127.0.0.1', { count: 1, waitSeconds: 1 })]) {
          await run(runner, spec);
          ran.push(q.displayCommand(spec));
        }
        await collectNamespaceIptables(runner, t.namespace, { sudo: true });
      }
      for (const bridge of topology.ovs.bridges) {
        for (const spec of [q.ovsListPortsQuery(bridge.name, true), q.ovsDumpFlowsQuery(bridge.name, true)]) {
          await run(runner, spec);
          ran.push(q.displayCommand(spec));
        }
      }
    } finally {
      lab.pool.dispose();
    }
    assert.ok(ran.length >= 20, `ran ${ran.length} queries`);
    const after = hostState();
    for (const key of Object.keys(before)) assert.equal(after[key], before[key], `${key} changed`);
  });
});
