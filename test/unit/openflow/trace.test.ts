// ovs-appctl ofproto/trace, modern and old formats.
import { strict as assert } from 'node:assert';
import { ParseError } from '../../../src/core/parse/errors';
import { parseOfprotoTrace, traceSteps } from '../../../src/core/openflow/trace';
import { captureFiles, loadCapture } from '../helpers/captures';
import { loadOpenflow } from './fixtures';

const tables = (t: ReturnType<typeof parseOfprotoTrace>, pass = 0) => t.passes[pass].bridges.map((b) => [b.bridge, b.steps.map((s) => s.table)]);

describe('openflow: ofproto/trace', () => {
  for (const name of captureFiles('ofproto-trace-')) {
    it(`${name}: every step line becomes a step`, () => {
      const text = loadCapture(name);
      const stepLines = text.split('\n').filter((l) => /^\s*(\d+\. |Rule: )/.test(l)).length;
      assert.equal(traceSteps(parseOfprotoTrace(text)).length, stepLines);
    });
  }

  it('modern format with recirculation (ofproto-trace-1): two passes, thaw, No match', () => {
    const t = parseOfprotoTrace(loadCapture('ofproto-trace-1.txt'));
    assert.equal(t.format, 'modern');
    assert.equal(t.passes.length, 2);
    assert.match(t.passes[0].flow!, /^icmp,in_port=15,/);
    assert.equal(t.passes[0].datapathActions, 'ct(zone=14),recirc(0x8ff5)');
    assert.match(t.passes[1].recirculation!, /^recirc\(0x8ff5\) - resume conntrack/);
    assert.deepEqual(t.passes[1].bridges[0].notes, ['thaw', 'Resuming from table 14']);
    const first = t.passes[0].bridges[0].steps[1];
    assert.deepEqual({ table: first.table, match: first.match, priority: first.priority, cookie: first.cookie }, {
      table: 8, match: 'reg14=0x6,metadata=0xa,dl_src=fa:16:3e:09:3e:f1', priority: 50, cookie: '0x51155ce9',
    });
    const ct = t.passes[0].bridges[0].steps.find((s) => s.table === 13)!;
    assert.deepEqual(ct.actions, ['ct(table=14,zone=NXM_NX_REG13[0..15])', 'drop']);
    assert.equal(ct.notes.length, 2);
    const last = t.passes[1].bridges[0].steps.at(-1)!;
    assert.ok(last.noMatch && last.table === 25 && last.priority === null);
    assert.equal(t.passes[1].datapathActions, 'ct(commit,zone=14,label=0/0x1)');
    assert.match(t.passes[1].megaflow!, /^recirc_id=0x8ff5,/);
  });

  it('modern format without cookies on ovn-controller flows (ofproto-trace-2)', () => {
    const t = parseOfprotoTrace(loadCapture('ofproto-trace-2.txt'));
    const s32 = t.passes[0].bridges[0].steps.find((s) => s.table === 32)!;
    assert.deepEqual([s32.match, s32.priority, s32.cookie], ['', 0, null]);
    assert.equal(t.passes[0].datapathActions, '4');
  });

  it('old nested Rule:/OpenFlow actions= format (ofproto-trace-4)', () => {
    const t = parseOfprotoTrace(loadCapture('ofproto-trace-4.txt'));
    assert.equal(t.format, 'old');
    const steps = t.passes[0].bridges[0].steps;
    assert.deepEqual(steps.map((s) => [s.table, s.depth]), [[0, 0], [4, 1], [9, 2], [10, 3], [0, 4]]);
    assert.equal(t.passes[0].bridges[0].bridge, null);
    assert.deepEqual(steps[1].actions, ['push_vlan:0x8100', 'set_field:4097->vlan_vid', 'goto_table:9']);
    assert.equal(steps[3].actions.length, 2);
    assert.match(steps[3].actions[0], /^learn\(table=20,.*output:OXM_OF_IN_PORT\[\]\)$/);
    assert.equal(steps[1].match, 'tun_id=0x4d');
  });

  it('lab OVS 3.1: bridge to bridge through a patch port, and recirculation', () => {
    const t = parseOfprotoTrace(loadOpenflow('trace-egress-tcp22.txt'));
    assert.deepEqual(tables(t, 0), [['br-oftest', [0, 58, 60, 71]]]);
    assert.deepEqual(tables(t, 1), [['br-oftest', [72, 73, 91, 94]], ['br-oftun', [0, 2, 20, 22]]]);
    assert.equal(t.passes[1].datapathActions, 'ct(commit,zone=3),11');
    const named = parseOfprotoTrace(loadOpenflow('trace-egress-tcp22-names.txt'));
    assert.match(named.passes[1].datapathActions!, /oft-tunx/);
    const dropped = parseOfprotoTrace(loadOpenflow('trace-ingress-tcp80-dropped.txt'));
    assert.equal(dropped.passes.at(-1)!.datapathActions, 'drop');
    assert.equal(dropped.passes.at(-1)!.finalFlow, 'unchanged');
    const none = parseOfprotoTrace(loadOpenflow('lab-trace-br-int.txt'));
    assert.ok(none.passes[0].bridges[0].steps[0].noMatch);
  });

  it('not a trace, or cut before its Flow:, is a ParseError', () => {
    assert.throws(() => parseOfprotoTrace('hello\nworld\n'), ParseError);
    assert.throws(() => parseOfprotoTrace(''), ParseError);
    const text = loadOpenflow('trace-ingress-tcp22.txt');
    assert.throws(() => parseOfprotoTrace(text.slice(text.indexOf('bridge('))), ParseError);
    assert.throws(() => parseOfprotoTrace(' 0. in_port=1, prio 5\n'), ParseError);
  });
});
