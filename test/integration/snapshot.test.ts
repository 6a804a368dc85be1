// The snapshot against the real lab over real SSH. Run under the lab lock:
//   flock /tmp/devstack-lab.lock npx mocha --config test/integration/.mocharc.json test/integration/snapshot.test.ts
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { promisify } from 'node:util';
import { RemoteError, type RawResult, type RunOptions, type Runner } from '../../src/core/command';
import type { Topology } from '../../src/core/model/types';
import { collectNamespaceIptables, collectTopology } from '../../src/core/snapshot';
import { ConnectionPool } from '../../src/core/ssh';
import { addHostileNames, hostile, hostileMarkerPaths, removeHostileNames, requireLab, rootExec, type Manifest } from '../lab/control';

const run = promisify(execFile);

/** Counts execs on the way to the real SSH runner, and lets a test watch the output stream. */
class Watched implements Runner {
  execs = 0;
  onChunk?: (chunk: string) => void;
  constructor(private readonly inner: Runner) {}
  get target() {
    return this.inner.target;
  }
  exec(argv: readonly string[], options: RunOptions = {}): Promise<RawResult> {
    this.execs++;
    return this.inner.exec(argv, {
      ...options,
      onStdout: (c) => {
        options.onStdout?.(c);
        this.onChunk?.(c);
      },
    });
  }
}

/** The lab's known_hosts already holds its key; nothing else may be trusted here. */
function newPool(): ConnectionPool {
  return new ConnectionPool({ onUnknownHostKey: async () => 'reject', askSecret: async () => undefined });
}

const key = (ns: string | null, name: string) => `${ns ?? ''}/${name}`;

describe('snapshot over SSH (lab)', function () {
  this.timeout(180_000);
  let manifest: Manifest;
  let pool: ConnectionPool;
  let runner: Watched;

  before(() => {
    manifest = requireLab();
    pool = newPool();
    runner = new Watched(pool.runner({ alias: 'lab', target: manifest.host.alias, sshConfigFile: manifest.sshConfig, sudo: true }));
  });
  after(() => pool?.dispose());

  it('holds every manifest object, from exactly one exec', async () => {
    const before = runner.execs;
    const topo = await collectTopology(runner, { sudo: true });
    assert.equal(runner.execs - before, 1);
    assert.deepEqual(topo.errors, []);

    assert.deepEqual(topo.namespaces.map((n) => n.name).sort(), [...manifest.namespaces].sort());
    const keys = new Set(topo.devices.map((d) => d.key));
    for (const d of manifest.devices) assert.ok(keys.has(key(d.namespace, d.name)), key(d.namespace, d.name));
    assert.deepEqual(topo.ovs.bridges.map((b) => b.name).sort(), [...manifest.ovsBridges].sort());
    for (const b of manifest.linuxBridges) assert.ok(topo.linuxBridges.some((x) => x.name === b), b);

    for (const p of manifest.instancePorts) {
      const qvb = topo.devices.find((d) => d.key === key(null, p.qvb))!;
      assert.deepEqual(qvb.peer, { namespace: null, name: p.qvo });
      const port = topo.ports.find((x) => x.prefix === p.prefix11)!;
      assert.deepEqual(port.sgChains, p.sgChains);
      assert.deepEqual(port.devices.map((d) => d.name), [p.tap, p.qbr, p.qvb, p.qvo]);
    }
    for (const c of manifest.chains) {
      const dump = c.namespace === null ? topo.iptables : topo.routerNat[c.namespace];
      if (c.namespace !== null && c.table !== 'nat') continue; // loaded on demand
      assert.ok(dump?.tables.find((t) => t.name === c.table)?.chains.some((x) => x.name === c.name), `${c.namespace} ${c.name}`);
    }
    assert.deepEqual(
      topo.floatingIps.map((f) => [f.floating, f.fixed, f.router]).sort(),
      manifest.floatingIps.map((f) => [f.floating, f.fixed, f.namespace]).sort(),
    );
    assert.deepEqual(
      topo.dhcp.map((d) => [d.namespace, d.interface, d.networkId]).sort(),
      manifest.dhcp.map((d) => [d.namespace, d.interface, d.networkId]).sort(),
    );
    assert.equal(topo.backend.kind, 'ovs-hybrid');
  });

  it('resolves a veth between the root and a namespace (link_netnsid + that namespace’s map)', async () => {
    const ns = 'qrouter-dddddddd-0000-4000-8000-00000000beef';
    try {
      rootExec(['ip', 'netns', 'add', ns]);
      rootExec(['ip', 'link', 'add', 'tapdddd0002-bb', 'type', 'veth', 'peer', 'name', 'qr-dddd0002-bb', 'netns', ns]);
      const topo = await collectTopology(runner, { sudo: true });
      assert.deepEqual(topo.devices.find((d) => d.key === key(null, 'tapdddd0002-bb'))!.peer, { namespace: ns, name: 'qr-dddd0002-bb' });
      assert.deepEqual(topo.devices.find((d) => d.key === key(ns, 'qr-dddd0002-bb'))!.peer, { namespace: null, name: 'tapdddd0002-bb' });
    } finally {
      rootExec(['ip', 'netns', 'del', ns]);
    }
    assert.equal(fs.existsSync(`/var/run/netns/${ns}`), false);
  });

  it('namespaces deleted while snapshots run do not break them', async () => {
    const names = Array.from({ length: 24 }, (_, i) => `qrouter-dsn-gone-${String(i).padStart(2, '0')}`);
    const results: Topology[] = [];
    try {
      for (let round = 0; round < 3; round++) {
        for (const n of names) rootExec(['ip', 'netns', 'add', n]);
        // Delete them one by one as soon as the script starts on the namespace loop.
        let deleting: Promise<void> | undefined;
        let tail = '';
        runner.onChunk = (chunk) => {
          tail = (tail + chunk).slice(-200);
          if (deleting || !/ B ns\.1\n/.test(tail)) return;
          deleting = (async () => {
            for (const n of names) await run('ip', ['netns', 'del', n]).catch(() => undefined);
          })();
        };
        results.push(await collectTopology(runner, { sudo: true }));
        runner.onChunk = undefined;
        assert.ok(deleting, 'the deletions started while the script ran');
        await deleting;
      }
    } finally {
      runner.onChunk = undefined;
      for (const n of names) if (fs.existsSync(`/var/run/netns/${n}`)) rootExec(['ip', 'netns', 'del', n]);
    }
    for (const topo of results) {
      for (const m of manifest.namespaces) {
        const ns = topo.namespaces.find((n) => n.name === m);
        assert.ok(ns, m);
        assert.equal(ns.error, null);
        assert.ok(ns.devices.length > 0);
      }
      for (const e of topo.errors) assert.match(e.section, /^netns:qrouter-dsn-gone-/, JSON.stringify(e));
      assert.equal(topo.floatingIps.length, manifest.floatingIps.length);
    }
  });

  it('a namespace that cannot be entered shows ip’s own reason; everything else is whole', async () => {
    const broken = 'qrouter-dsn-broken';
    fs.mkdirSync('/var/run/netns', { recursive: true });
    fs.writeFileSync(`/var/run/netns/${broken}`, ''); // listed, but not a namespace
    try {
      const topo = await collectTopology(runner, { sudo: true });
      const ns = topo.namespaces.find((n) => n.name === broken);
      assert.ok(ns?.error, 'the broken namespace has an error');
      assert.match(ns.error.message, /setting the network namespace "qrouter-dsn-broken" failed: Invalid argument/);
      assert.deepEqual(topo.errors.map((e) => e.section), [`netns:${broken}`]);
      for (const m of manifest.namespaces) assert.equal(topo.namespaces.find((n) => n.name === m)?.error, null, m);
    } finally {
      fs.rmSync(`/var/run/netns/${broken}`, { force: true });
    }
  });

  it('hostile names come back verbatim and nothing runs', async () => {
    const markers = hostileMarkerPaths();
    try {
      const created = addHostileNames();
      const topo = await collectTopology(runner, { sudo: true });
      assert.ok(topo.namespaces.some((n) => n.name === hostile.namespace));
      for (const d of created.devices) assert.ok(topo.devices.some((x) => x.key === key(d.namespace, d.name)), key(d.namespace, d.name));
      assert.deepEqual(topo.devices.find((d) => d.key === key(null, hostile.veth))!.peer, { namespace: hostile.namespace, name: hostile.vethPeer });
      assert.ok(topo.ovs.bridges.find((b) => b.name === 'br-int')!.ports.some((p) => p.name === hostile.tap));
      const inside = topo.devices.find((d) => d.key === key(hostile.namespace, hostile.vethPeer))!;
      assert.deepEqual(inside.addresses.map((a) => `${a.address}/${a.prefixLength}`).filter((a) => !a.startsWith('fe80')), ['10.255.255.1/30']);
    } finally {
      removeHostileNames();
    }
    assert.deepEqual(markers.filter((p) => fs.existsSync(p)), []);
  });

  it('loads one namespace’s iptables on demand, and says clearly when it is gone', async () => {
    const router = manifest.routers[0].namespace;
    const dump = await collectNamespaceIptables(runner, router, { sudo: true });
    const nat = dump.tables.find((t) => t.name === 'nat')!;
    assert.ok(nat.chains.some((c) => c.rules.some((r) => r.target === 'DNAT')));
    assert.ok(nat.chains.some((c) => c.counters !== null), 'iptables-save -c gives counters');
    const root = await collectNamespaceIptables(runner, null, { sudo: true });
    assert.ok(root.tables.some((t) => t.name === 'filter'));
    await assert.rejects(
      collectNamespaceIptables(runner, 'qrouter-does-not-exist', { sudo: true }),
      (e: unknown) => e instanceof RemoteError && e.kind === 'not-found' && /no longer exists/.test(e.message),
    );
  });

  it('a user whose sudo needs a password gets a clear error', async () => {
    const nopw = pool.runner({ alias: 'nopw', target: manifest.host.alias_nopw, sshConfigFile: manifest.sshConfig, sudo: true });
    await assert.rejects(
      collectTopology(nopw, { sudo: true }),
      (e: unknown) => e instanceof RemoteError && e.kind === 'sudo-password' && /NOPASSWD/.test(e.message),
    );
  });

  it('cancelling a snapshot ends the remote script and its children', async () => {
    const ac = new AbortController();
    runner.onChunk = () => ac.abort();
    await assert.rejects(collectTopology(runner, { sudo: true, signal: ac.signal }), (e: unknown) => e instanceof RemoteError && e.kind === 'cancelled');
    runner.onChunk = undefined;
    let left = '';
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 500));
      left = rootExec(['pgrep', '-f', 'M=DSN-']).stdout.trim();
      if (left === '') break;
    }
    assert.equal(left, '', 'no snapshot script left running');
  });
});
