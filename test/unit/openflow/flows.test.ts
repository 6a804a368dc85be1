// ovs-ofctl dump-flows in every form the captures hold.
import { strict as assert } from 'node:assert';
import { parseAction } from '../../../src/core/openflow/actions';
import { DEFAULT_PRIORITY, fieldOf, parseDumpFlows } from '../../../src/core/openflow/flows';
import { splitTopLevel } from '../../../src/core/openflow/split';
import { ParseError } from '../../../src/core/parse/errors';
import { captureFiles, loadCapture } from '../helpers/captures';
import { loadOpenflow } from './fixtures';

describe('openflow: splitTopLevel', () => {
  it('splits at commas outside (), [], {} and quotes', () => {
    assert.deepEqual(splitTopLevel('ct(commit,zone=NXM_NX_REG6[0..15],exec(load:0x1->NXM_NX_CT_MARK[])),output:"tap,x",resubmit(,92)'), [
      'ct(commit,zone=NXM_NX_REG6[0..15],exec(load:0x1->NXM_NX_CT_MARK[]))',
      'output:"tap,x"',
      'resubmit(,92)',
    ]);
    assert.deepEqual(splitTopLevel('a,,b,'), ['a', 'b']);
  });
});

describe('openflow: dump-flows captures', () => {
  for (const name of captureFiles('ovs-flows-')) {
    it(`${name}: every line is a flow with actions`, () => {
      const text = loadCapture(name);
      const flowLines = text.split('\n').filter((l) => l.includes('actions='));
      const flows = parseDumpFlows(text);
      assert.equal(flows.length, flowLines.length);
      for (const f of flows) {
        assert.ok(f.actions.length > 0);
        assert.match(f.cookie, /^0x[0-9a-f]+$/);
        assert.ok(Number.isInteger(f.table) && Number.isInteger(f.priority));
      }
    });
  }

  it('stats: cookie, duration, table, n_packets, n_bytes (ovsfw-1)', () => {
    const flows = parseDumpFlows(loadCapture('ovs-flows-ovsfw-1.txt'));
    const f = flows.find((x) => x.table === 60 && x.priority === 100)!;
    assert.equal(f.cookie, '0x9b32c8053d494869');
    assert.equal(f.durationS, 587.924);
    assert.equal(f.nPackets, 134);
    assert.equal(f.nBytes, 11386);
    assert.equal(f.match, 'in_port="tap648437e1-0d"');
    assert.deepEqual(f.actions, ['load:0x4->NXM_NX_REG5[]', 'load:0x3->NXM_NX_REG6[]', 'resubmit(,71)']);
    assert.deepEqual(parseAction(f.actions[0]), { kind: 'load', value: '0x4', field: 'NXM_NX_REG5[]', text: 'load:0x4->NXM_NX_REG5[]' });
    assert.equal(fieldOf(f, 'in_port'), '"tap648437e1-0d"');
  });

  it('--no-stats without cookie and table 0: priority first, counters null (ovn-1)', () => {
    const flows = parseDumpFlows(loadCapture('ovs-flows-ovn-1.txt'));
    assert.ok(flows.every((f) => f.table === 0 && f.cookie === '0x0' && f.nPackets === null && f.nBytes === null));
    const conj = flows.find((f) => fieldOf(f, 'conj_id') === '100')!;
    assert.equal(fieldOf(conj, 'in_port'), '"patch-br-int-to"');
    assert.deepEqual(parseAction(flows[0].actions[0]), { kind: 'conjunction', id: 100, clause: 2, clauses: 2, text: 'conjunction(100,2/2)' });
    const tunnel = flows.find((f) => f.match === 'in_port="ovn-1b9c5c-0"')!;
    assert.equal(tunnel.actions.length, 4);
    assert.deepEqual(parseAction(tunnel.actions[0]), { kind: 'move', from: 'NXM_NX_TUN_ID[0..23]', field: 'OXM_OF_METADATA[0..23]', text: 'move:NXM_NX_TUN_ID[0..23]->OXM_OF_METADATA[0..23]' });
    // a pasted arrow after the actions is a note, not an action
    const marked = flows.find((f) => f.note !== null)!;
    assert.equal(marked.note, '<=====');
    assert.equal(marked.actions[marked.actions.length - 1], 'resubmit(,8)');
  });

  it('--no-stats with cookie and table (ovn-2)', () => {
    const flows = parseDumpFlows(loadCapture('ovs-flows-ovn-2.txt'));
    assert.ok(flows.every((f) => f.table === 8 && f.nPackets === null));
    assert.equal(flows.find((f) => f.cookie === '0x2c2341')?.priority, 50);
  });

  it('idle_age/hard_age and a long controller(…) action (ovn-4)', () => {
    const [f] = parseDumpFlows(loadCapture('ovs-flows-ovn-4.txt'));
    assert.equal(f.idleAge, 65534);
    assert.equal(f.hardAge, 65534);
    assert.equal(f.actions.length, 2);
    const c = parseAction(f.actions[0]);
    assert.equal(c.kind, 'controller');
    assert.match(f.actions[0], /^controller\(userdata=00\.00.*,pause\)$/);
    assert.deepEqual(parseAction(f.actions[1]), { kind: 'resubmit', port: null, table: 21, text: 'resubmit(,21)' });
  });

  it('numeric and quoted named ports mixed in one dump (ovsfw-4)', () => {
    const flows = parseDumpFlows(loadCapture('ovs-flows-ovsfw-4.txt'));
    const outputs = flows.flatMap((f) => f.actions.map(parseAction)).filter((a) => a.kind === 'output').map((a) => (a as { port: string }).port);
    assert.ok(outputs.includes('3'));
    assert.ok(outputs.includes('tap0ab9a23c-99'));
  });

  it('ct(…) with zones, commit and exec', () => {
    const flows = parseDumpFlows(loadCapture('ovs-flows-ovsfw-4.txt'));
    const f = flows.find((x) => x.table === 82 && x.priority === 77 && fieldOf(x, 'ct_state') === '+new-est' && fieldOf(x, 'reg5') === '0x5')!;
    assert.deepEqual(f.actions, ['ct(commit,zone=NXM_NX_REG6[0..15])', 'output:"tap0ab9a23c-99"', 'resubmit(,92)']);
    const ct = parseAction(f.actions[0]);
    assert.deepEqual(ct, { kind: 'ct', commit: true, table: null, zone: 'NXM_NX_REG6[0..15]', nat: null, exec: [], text: f.actions[0] });
    const mark = flows.find((x) => x.actions[0]?.includes('exec('))!;
    const ctMark = parseAction(mark.actions[0]);
    assert.ok(ctMark.kind === 'ct' && ctMark.exec[0] === 'load:0x1->NXM_NX_CT_MARK[]');
    const recirc = parseAction(flows.find((x) => x.table === 81 && x.actions[0].startsWith('ct(table='))!.actions[0]);
    assert.ok(recirc.kind === 'ct' && recirc.table === 82 && !recirc.commit);
  });

  it('dump-flows lines embedded in ovn-trace --ovs parse too', () => {
    const lines = loadCapture('ovn-trace-7.txt').split('\n').filter((l) => l.trim().startsWith('cookie='));
    const flows = parseDumpFlows(lines.join('\n'));
    assert.equal(flows.length, lines.length);
    assert.ok(flows.every((f) => f.nPackets !== null && f.table >= 8));
  });
});

describe('openflow: dump-flows from the lab (OVS 3.1)', () => {
  it('stats (OpenFlow 1.0 reply header, idle_age), --no-stats, --names and --no-names give the same flows', () => {
    const forms = ['dump-flows-oftest.txt', 'dump-flows-oftest-of10.txt', 'dump-flows-oftest-no-stats.txt', 'dump-flows-oftest-names.txt', 'dump-flows-oftest-no-names.txt'];
    const parsed = forms.map((f) => parseDumpFlows(loadOpenflow(f)));
    const key = (fl: ReturnType<typeof parseDumpFlows>) => fl.map((f) => `${f.table}/${f.priority}/${f.cookie}/${f.actions.length}`);
    for (const p of parsed.slice(1)) assert.deepEqual(key(p), key(parsed[0]));
    assert.equal(parsed[0].length, 48);
    assert.ok(parsed[1].every((f) => f.idleAge !== null));
    assert.ok(parsed[2].every((f) => f.nPackets === null && f.durationS === null));
    const named = parsed[3].find((f) => f.table === 60 && f.priority === 100)!;
    const numbered = parsed[4].find((f) => f.table === 60 && f.priority === 100)!;
    assert.equal(named.match, 'in_port="oft-vm1"');
    assert.equal(numbered.match, 'in_port=4');
    const conj = parsed[0].find((f) => fieldOf(f, 'conj_id') === '16')!;
    assert.equal(conj.actions[0], 'load:0x10->NXM_NX_REG7[]');
  });

  it('an empty dump is no flows; a match-all flow has an empty match', () => {
    assert.deepEqual(parseDumpFlows(loadOpenflow('lab-dump-flows-br-int.txt')), []);
    const [normal] = parseDumpFlows(loadOpenflow('lab-dump-flows-br-ex.txt'));
    assert.equal(normal.match, '');
    assert.deepEqual(normal.fields, []);
    assert.deepEqual(normal.actions, ['NORMAL']);
  });

  it('a flow without priority= has the OpenFlow default priority', () => {
    const [f] = parseDumpFlows(' cookie=0x0, duration=1.0s, table=0, n_packets=0, n_bytes=0, in_port=1 actions=drop');
    assert.equal(f.priority, DEFAULT_PRIORITY);
    assert.equal(f.match, 'in_port=1');
  });
});

describe('openflow: dump-flows errors', () => {
  it('garbage and truncated lines throw ParseError with the line', () => {
    const text = loadCapture('ovs-flows-ovsfw-3.txt');
    const cut = text.slice(0, text.indexOf('NXM_NX_REG6[0..15]') + 8);
    assert.throws(() => parseDumpFlows(cut), (e: unknown) => e instanceof ParseError && e.line === 3 && /truncated/.test(e.reason));
    assert.throws(() => parseDumpFlows('hello world\n'), (e: unknown) => e instanceof ParseError && e.line === 1);
    assert.throws(() => parseDumpFlows(' cookie=0x1, table=x, priority=1 actions=drop'), (e: unknown) => e instanceof ParseError && /table/.test(e.reason));
    assert.throws(() => parseDumpFlows(undefined as unknown as string), ParseError);
  });
});
