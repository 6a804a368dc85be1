// Issue 9, part 6: 1,000 refreshes release what they take; ten hosts at once
// stay under the per-host channel limit.
import { strict as assert } from 'node:assert';
import { run } from '../../src/core/command';
import { collectTopology } from '../../src/core/snapshot/index';
import { labPool } from './lab-pool';

const heapMB = (): number => {
  global.gc?.();
  global.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('long sessions', function () {
  this.timeout(30 * 60_000); // 1,000 real refreshes; a hang guard, not a speed target
  it('1,000 refreshes in a row release channels, listeners and timers; the heap stays flat', async () => {
    assert.equal(typeof global.gc, 'function', 'run with --expose-gc (test/reliability/.mocharc.json)');
    const lab = labPool();
    try {
      const runner = lab.pool.runner(lab.host);
      let heapAt100 = 0;
      let timersAt100 = 0;
      let namespaces = 0;
      for (let i = 1; i <= 1000; i++) {
        namespaces = (await collectTopology(runner, { sudo: true })).namespaces.length;
        if (i === 100) {
          heapAt100 = heapMB();
          timersAt100 = timers();
        }
      }
      const heapAt1000 = heapMB();
      const connection = await lab.pool.connection(lab.host);
      console.log(`      1000 refreshes; heap at 100: ${heapAt100.toFixed(2)} MB, at 1000: ${heapAt1000.toFixed(2)} MB, delta ${(heapAt1000 - heapAt100).toFixed(2)} MB`);
      assert.ok(namespaces > 0);
      assert.ok(heapAt1000 - heapAt100 < 10, `heap grew ${(heapAt1000 - heapAt100).toFixed(2)} MB`);
      assert.equal(connection.limiter.activeCount, 0, 'no channel left open');
      assert.equal(connection.limiter.queuedCount, 0);
      assert.ok(timers() <= timersAt100, `timers: ${timersAt100} at 100, ${timers()} at 1000`);
      assert.equal(lab.pool.liveAliases.length, 1, 'one connection reused throughout');
    } finally {
      lab.pool.dispose();
    }
  });

  it('ten hosts at once: all refresh, and each stays under its channel limit', async () => {
    const hosts = Array.from({ length: 10 }, (_, i) => labPool({ alias: `lab-${i}` }));
    try {
      const topologies = await Promise.all(hosts.map((h) => collectTopology(h.pool.runner(h.host), { sudo: true })));
      assert.ok(topologies.every((t) => t.namespaces.length > 0 && t.errors.length === 0), 'every host refreshed');
      assert.equal(new Set(hosts.map((h) => h.pool.liveAliases[0])).size, 10, 'ten connections');
      // More slow commands per host than its limit allows: the limiter queues the rest.
      const connections = await Promise.all(hosts.map((h) => h.pool.connection(h.host)));
      const peak = new Array<number>(10).fill(0);
      const sampler = setInterval(() => connections.forEach((c, i) => (peak[i] = Math.max(peak[i], c.limiter.activeCount))), 5);
      try {
        const outputs = await Promise.all(
          hosts.flatMap((h, i) => Array.from({ length: 10 }, (_, k) => run(h.pool.runner(h.host), { argv: ['sh', '-c', 'sleep 0.5; echo "$1"', 'sh', `${i}.${k}`], parse: (s) => s.trim() }))),
        );
        assert.equal(new Set(outputs).size, 100, 'every command answered with its own output');
      } finally {
        clearInterval(sampler);
      }
      console.log(`      peak open channels per host: ${peak.join(', ')} (limit ${connections[0].limiter.max})`);
      assert.ok(peak.every((p) => p >= 2 && p <= connections[0].limiter.max), `peaks ${peak}`);
      assert.ok(connections.every((c) => c.limiter.activeCount === 0 && c.limiter.queuedCount === 0), 'all released');
    } finally {
      for (const h of hosts) h.pool.dispose();
    }
  });
});
