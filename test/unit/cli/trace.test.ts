// `devstack-net trace` argument handling and its text form (the lab run is in test/integration/trace.test.ts).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { formatTrace, parseTraceRequest, TraceUsageError } from '../../../src/cli/trace';
import { tracePacket, traceJson } from '../../../src/core/trace';
import { labTopology } from '../view/lab-snapshot';

describe('devstack-net trace: arguments', () => {
  it('reads --to ip[:port] and --proto, tcp by default with a port, icmp without', () => {
    assert.deepEqual(parseTraceRequest('outside', '172.24.4.11:22', undefined), { from: { kind: 'outside' }, to: '172.24.4.11', proto: 'tcp', port: 22 });
    assert.deepEqual(parseTraceRequest('tap3bb3cb9f-d5', '10.0.0.1', undefined), { from: { kind: 'port', port: 'tap3bb3cb9f-d5' }, to: '10.0.0.1', proto: 'icmp', port: null });
    assert.deepEqual(parseTraceRequest('outside', '172.24.4.11:53', 'UDP'), { from: { kind: 'outside' }, to: '172.24.4.11', proto: 'udp', port: 53 });
  });

  it('refuses a name, a port out of range, an unknown protocol and tcp without a port', () => {
    assert.throws(() => parseTraceRequest('outside', 'example.org', undefined), TraceUsageError);
    assert.throws(() => parseTraceRequest('outside', '10.0.0.1:70000', undefined), /out of range/);
    assert.throws(() => parseTraceRequest('outside', '10.0.0.1:22', 'sctp'), /icmp, tcp or udp/);
    assert.throws(() => parseTraceRequest('outside', '10.0.0.1', 'tcp'), /needs a destination port/);
  });

  it('exits 2 with one line when --from or --to is missing', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'trace', 'somehost', '--to', '10.0.0.1'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^devstack-net: trace needs --from/);
  });

  it('prints the verdict line then numbered steps; the JSON has the documented keys', async () => {
    const t = await labTopology();
    const r = await tracePacket(t, parseTraceRequest('outside', '172.24.4.11:53', 'udp'), { alias: 'devstack-lab', sudo: true });
    const text = formatTrace(r).split('\n');
    assert.equal(text[0], r.line);
    assert.match(text[2] ?? '', /^ {2}1\. outside: br-ex$/);
    const json = traceJson(r) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json).sort(), ['backend', 'decidedBy', 'gaps', 'line', 'steps', 'verdict']);
    assert.deepEqual(json.decidedBy, { kind: 'iptables-rule', name: 'neutron-openvswi-sg-fallback', rule: 1, namespace: null });
  });
});
