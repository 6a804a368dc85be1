// "This machine" sees what SSH sees: the local runner (as the extension runs it on the node, as
// root, no sudo) and the SSH runner (user stack, `sudo -n`) build the same topology of the lab.
// Run under the lab lock:
//   flock /tmp/devstack-lab.lock bash -c 'npm run -s lab:up && npx mocha --config test/integration/.mocharc.json test/integration/local-vs-ssh.test.ts; npm run -s lab:down'
import { strict as assert } from 'node:assert';
import type { Topology } from '../../src/core/model/types';
import { LocalRunner } from '../../src/core/runners/local';
import { collectNamespaceIptables, collectTopology } from '../../src/core/snapshot';
import { ConnectionPool } from '../../src/core/ssh';
import { requireLab, sshdLogMark, sshdLogSince, type Manifest } from '../lab/control';
import { CountingRunner } from '../lab/counting-runner';

/** Fields that differ between two reads of the same machine by time alone (packet counters). */
const VOLATILE = new Set(['counters', 'packets', 'bytes', 'takenAt']);

/** The topology with the runner's target and the moment of reading taken out. */
function normalise(topology: Topology): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).filter(([k]) => !VOLATILE.has(k)).map(([k, v]) => [k, strip(v)]));
  };
  return strip({ ...topology, host: { ...topology.host, target: '<target>' } });
}

describe('This machine (local runner) and SSH give the same topology of the lab', function () {
  this.timeout(180_000);
  let manifest: Manifest;
  let pool: ConnectionPool;
  let ssh: CountingRunner;
  let local: CountingRunner;
  let overSsh: Topology;
  let onThisMachine: Topology;

  before(async () => {
    manifest = requireLab();
    assert.equal(process.getuid?.(), 0, 'the lab and this test run as root (as code-server on the node does)');
    pool = new ConnectionPool({ onUnknownHostKey: async () => 'reject', askSecret: async () => undefined });
    ssh = new CountingRunner(pool.runner({ alias: 'lab', target: manifest.host.alias, sshConfigFile: manifest.sshConfig, sudo: true }));
    local = new CountingRunner(new LocalRunner({ target: 'this machine' }));
    overSsh = await collectTopology(ssh, { sudo: true });
    const mark = sshdLogMark();
    onThisMachine = await collectTopology(local, { sudo: false });
    assert.doesNotMatch(sshdLogSince(mark), /Connection from/, 'the local read made no SSH connection');
  });
  after(() => pool?.dispose());

  it('each side reads the lab with one exec and no section error', () => {
    assert.deepEqual([ssh.execs, local.execs], [1, 1]);
    assert.deepEqual(overSsh.errors, []);
    assert.deepEqual(onThisMachine.errors, []);
    assert.equal(onThisMachine.host.target, 'this machine');
  });

  it('the same namespaces, devices, OVS ports, Neutron ports, chains and floating IPs', () => {
    const names = (t: Topology) => ({
      namespaces: t.namespaces.map((n) => n.name).sort(),
      devices: t.devices.map((d) => `${d.namespace ?? ''}/${d.name}`).sort(),
      ovsPorts: t.ovs.bridges.flatMap((b) => b.ports.map((p) => `${b.name}/${p.name}`)).sort(),
      ports: t.ports.map((p) => p.id).sort(),
      chains: (t.iptables?.tables ?? []).flatMap((tb) => tb.chains.map((c) => `${tb.name}/${c.name}`)).sort(),
      floatingIps: t.floatingIps.map((f) => `${f.floating}->${f.fixed}`).sort(),
    });
    const fromSsh = names(overSsh);
    assert.deepEqual(names(onThisMachine), fromSsh);
    // Against the lab's own record, so "the same" is not "both empty".
    for (const router of manifest.routers) assert.ok(fromSsh.namespaces.includes(router.namespace), router.namespace);
    for (const f of manifest.floatingIps) assert.ok(fromSsh.floatingIps.some((x) => x.startsWith(`${f.floating}->`)), f.floating);
    for (const port of manifest.instancePorts) assert.ok(fromSsh.chains.some((c) => c.endsWith(port.sgChains.inbound)), port.sgChains.inbound);
  });

  it('the whole model is equal once target, time and packet counters are taken out', () => {
    assert.deepEqual(normalise(onThisMachine), normalise(overSsh));
  });

  it('a router namespace\'s iptables read on demand are the same too', async () => {
    const router = manifest.routers[0]!.namespace;
    const viaSsh = await collectNamespaceIptables(ssh, router, { sudo: true });
    const here = await collectNamespaceIptables(local, router, { sudo: false });
    assert.deepEqual(normalise(here as never), normalise(viaSsh as never));
    assert.ok(here.tables.some((t) => t.name === 'nat'), 'the router has a nat table');
  });
});
