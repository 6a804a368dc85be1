// The flow inspector's commands over real SSH + sudo against the lab's Open vSwitch. Run under the lab lock:
//   flock /tmp/devstack-lab.lock bash -c 'npm run -s lab:up && npx mocha --config test/integration/.mocharc.json test/integration/openflow.test.ts; npm run -s lab:down'
import { strict as assert } from 'node:assert';
import { run } from '../../src/core/command';
import { dumpFlowsSpec, traceSpec } from '../../src/core/openflow/commands';
import { rootExec } from '../lab/control';
import { labPool } from '../reliability/lab-pool';

describe('flow inspector commands on the lab', function () {
  this.timeout(60_000);
  const lab = labPool();
  after(() => lab.pool.dispose());

  it('dump-flows through sudo over SSH parses: br-ex switches NORMAL, br-int (secure, no agent) has no flow', async () => {
    const runner = lab.pool.runner(lab.host);
    const brEx = await run(runner, dumpFlowsSpec('br-ex', true));
    assert.ok(brEx.some((f) => f.actions.includes('NORMAL') && f.nPackets !== null));
    assert.deepEqual(await run(runner, dumpFlowsSpec('br-int', true)), []);
  });

  it('ofproto/trace from an instance port runs read-only and parses: table 0 has no match, the packet is dropped', async () => {
    const qvo = rootExec(['ovs-vsctl', 'list-ports', 'br-int']).stdout.split('\n').find((p) => p.startsWith('qvo'));
    assert.ok(qvo, 'the lab has an instance port on br-int');
    const before = rootExec(['ovs-ofctl', 'dump-flows', 'br-int']).stdout;
    const spec = traceSpec('br-int', { inPort: qvo!, protocol: 'tcp', source: '10.0.0.3', destination: '10.0.0.1', sourcePort: 40000, destinationPort: 22, sourceMac: 'fa:16:3e:00:00:01', destinationMac: null }, true);
    const trace = await run(lab.pool.runner(lab.host), spec);
    assert.equal(trace.format, 'modern');
    assert.match(trace.passes[0].flow!, /^tcp,in_port=\d+,/);
    assert.equal(trace.passes[0].bridges[0].bridge, 'br-int');
    assert.ok(trace.passes[0].bridges[0].steps[0].noMatch);
    assert.equal(trace.passes[0].datapathActions, 'drop');
    assert.equal(rootExec(['ovs-ofctl', 'dump-flows', 'br-int']).stdout, before, 'the trace changed no flow');
  });
});
