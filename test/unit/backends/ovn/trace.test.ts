import { strict as assert } from 'node:assert';
import { parseTrace } from '../../../../src/core/backends/ovn/parse/trace';
import { explainTrace, microflow, ovnTraceSpec, resolvePort, TraceRequestSchema } from '../../../../src/core/backends/ovn/trace';
import { loadCapture } from '../../helpers/captures';
import { IDS, ovnTopology, real } from './fixtures';

describe('Trace packet… (ovn-trace)', () => {
  const ovn = ovnTopology().ovn!;
  const provnet = ovn.switches.find((s) => s.networkName === 'public')!.ports.find((p) => p.kind === 'provider')!.name;

  it('builds the ovn-trace argv: the southbound remote, a --ct per ct_next, the datapath and the microflow; replies and router answers get est,rpl', () => {
    const req = { datapath: `neutron-${IDS.pub}`, inport: provnet, ethSrc: '02:00:00:00:00:01', ethDst: 'fa:16:3e:ba:dd:95', ipSrc: '172.24.4.1', ipDst: '172.24.4.8', protocol: 'tcp', dstPort: 22, southbound: 'unix:/run/ovn/ovnsb_db.sock' } as const;
    assert.deepEqual(ovnTraceSpec(req, true).argv, [
      'ovn-trace', '--db=unix:/run/ovn/ovnsb_db.sock', '--ct=new', '--ct=new', '--ct=new', `neutron-${IDS.pub}`,
      `inport == "${provnet}" && eth.src == 02:00:00:00:00:01 && eth.dst == fa:16:3e:ba:dd:95 && ip4.src == 172.24.4.1 && ip4.dst == 172.24.4.8 && ip.ttl == 64 && tcp && tcp.dst == 22`,
    ]);
    assert.deepEqual(ovnTraceSpec({ ...req, ct: 'rpl' }, true).argv.slice(2, 5), ['--ct=est,rpl', '--ct=est,rpl', '--ct=est,rpl']);
    assert.deepEqual(ovnTraceSpec({ ...req, ctAfterFirst: 'rpl' }, true).argv.slice(2, 5), ['--ct=new', '--ct=est,rpl', '--ct=est,rpl']);
    assert.match(microflow(TraceRequestSchema.parse({ ...req, protocol: 'icmp', dstPort: null, icmpType: 0 })), / && icmp4 && icmp4\.type == 0$/);
    assert.match(microflow(TraceRequestSchema.parse({ ...req, srcPort: 40000 })), / && tcp && tcp\.src == 40000 && tcp\.dst == 22$/);
  });

  it('refuses anything that could change the expression: quotes, operators, bad addresses and ports', () => {
    const ok = { datapath: 'neutron-x', inport: 'p', ethSrc: '02:00:00:00:00:01', ethDst: '02:00:00:00:00:02', ipSrc: '10.0.0.1', ipDst: '10.0.0.2', protocol: 'tcp', dstPort: 22 } as const;
    for (const bad of [{ inport: 'p" || 1 || "' }, { ipDst: '10.0.0.2 || 1' }, { dstPort: 70000 }, { ethSrc: 'zz' }, { datapath: '-x' }, { southbound: 'tcp:$(reboot)' }]) {
      assert.throws(() => ovnTraceSpec({ ...ok, ...bad } as never, false));
    }
  });

  it('a trace to the floating IP on tcp/22 ends at the instance port; NAT and ACL stages link to their rows', () => {
    const t = explainTrace(parseTrace(real('trace-fip-tcp22-new.txt')), ovn);
    assert.deepEqual(t.result, { kind: 'delivered', port: 'vm1-port', lsp: IDS.vm });
    const dnat = t.steps.find((s) => s.stage.stage === 'lr_in_dnat')!;
    assert.equal(dnat.words, 'DNAT: floating IP → fixed IP');
    assert.deepEqual([dnat.nat?.externalIp, dnat.nat?.logicalIp], ['172.24.4.8', '10.0.0.38']);
    const acl = t.steps.find((s) => s.acl !== null)!;
    assert.deepEqual([acl.acl!.portGroup, acl.acl!.ruleId], ['pg_e755eda1_c654_42b8_b20e_3de46ce4f0d6', IDS.tcp22Rule]);
  });

  it('after the tcp/22 rule is deleted, the trace ends dropped at the ACL stage, by neutron_pg_drop', () => {
    const t = explainTrace(parseTrace(real('trace-fip-tcp22-dropped.txt')), ovn);
    assert.deepEqual(t.result, { kind: 'dropped', stage: 'ls_out_acl', table: 4, pipeline: 'egress', datapath: 'private', by: 'neutron_pg_drop' });
  });

  it('published traces: abbreviated names resolve when they are unique, a minimal trace has no outcome', () => {
    assert.equal(resolvePort('0edf38', ovn), IDS.vm);
    assert.equal(resolvePort('vm2-port', ovn), IDS.vm2);
    assert.equal(explainTrace(parseTrace(loadCapture('ovn-era/ovn-trace-8.txt')), null).result.kind, 'delivered');
    assert.equal(explainTrace(parseTrace(loadCapture('ovn-era/ovn-trace-3.txt')), null).result.kind, 'unknown');
    assert.equal(explainTrace(parseTrace(loadCapture('ovn-era/ovn-trace-6.txt')), null).result.kind, 'dropped');
  });
});
