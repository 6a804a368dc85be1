import { strict as assert } from 'node:assert';
import { parseTrace } from '../../../../src/core/backends/ovn/parse/trace';
import { explainTrace, microflow, ovnTraceSpec, resolvePort, traceReport, traceRequestFor, TraceRequestSchema } from '../../../../src/core/backends/ovn/trace';
import { loadCapture } from '../../helpers/captures';
import { IDS, ovnTopology, real } from './fixtures';

describe('Trace packet… (ovn-trace)', () => {
  const ovn = ovnTopology().ovn!;
  const provnet = ovn.switches.find((s) => s.networkName === 'public')!.ports.find((p) => p.kind === 'provider')!.name;

  it('builds the request from the port: inport prefilled, MACs and source from the model, the user\'s protocol, destination and port', () => {
    const req = traceRequestFor(ovn, provnet, { protocol: 'tcp', destination: '172.24.4.8', port: 22 });
    assert.ok(typeof req !== 'string', String(req));
    const spec = ovnTraceSpec(req, true);
    assert.deepEqual(spec.argv, [
      'ovn-trace', '--db=unix:/run/ovn/ovnsb_db.sock', '--ct=new', '--ct=new', '--ct=new', `neutron-${IDS.pub}`,
      `inport == "${provnet}" && eth.src == 02:00:00:00:00:01 && eth.dst == fa:16:3e:ba:dd:95 && ip4.src == 172.24.4.1 && ip4.dst == 172.24.4.8 && ip.ttl == 64 && tcp && tcp.dst == 22`,
    ]);
    const vm = traceRequestFor(ovn, IDS.vm, { protocol: 'icmp', destination: '10.0.0.40', port: null });
    assert.ok(typeof vm !== 'string');
    assert.match(microflow(TraceRequestSchema.parse(vm)), /eth\.src == fa:16:3e:05:cd:92 && eth\.dst == fa:16:3e:6a:71:0c && ip4\.src == 10\.0\.0\.38 .* icmp4 && icmp4\.type == 8$/);
  });

  it('refuses anything that could change the expression: quotes, operators, bad addresses and ports', () => {
    const ok = { datapath: 'neutron-x', inport: 'p', ethSrc: '02:00:00:00:00:01', ethDst: '02:00:00:00:00:02', ipSrc: '10.0.0.1', ipDst: '10.0.0.2', protocol: 'tcp', dstPort: 22 } as const;
    for (const bad of [{ inport: 'p" || 1 || "' }, { ipDst: '10.0.0.2 || 1' }, { dstPort: 70000 }, { ethSrc: 'zz' }, { datapath: '-x' }, { southbound: 'tcp:$(reboot)' }]) {
      assert.throws(() => ovnTraceSpec({ ...ok, ...bad } as never, false));
    }
    assert.equal(typeof traceRequestFor(ovn, 'nope', { protocol: 'tcp', destination: '1.2.3.4', port: 1 }), 'string');
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

describe('Trace packet… report', () => {
  it('says the outcome first, then every stage in words with its ACL or NAT row', () => {
    const ovn = ovnTopology().ovn!;
    const dropped = traceReport(parseTrace(real('trace-fip-tcp22-dropped.txt')), ovn, "ovn-trace … 'tcp.dst == 22'");
    assert.match(dropped, /\*\*Dropped\*\* at egress stage 4 `ls_out_acl` on `private`, by neutron_pg_drop\./);
    assert.match(dropped, /DNAT: floating IP → fixed IP \| NAT of router1: 172\.24\.4\.8 ↔ 10\.0\.0\.38 \|/);
    const ok = traceReport(parseTrace(real('trace-fip-tcp22-new.txt')), ovn, 'ovn-trace');
    assert.match(ok, new RegExp(`\\*\\*Delivered\\*\\* to port \`vm1-port\` \\(${IDS.vm}\\)`));
    assert.match(ok, new RegExp(`ACL of pg_e755eda1_c654_42b8_b20e_3de46ce4f0d6 \\(rule ${IDS.tcp22Rule}\\): allow-related`));
  });
});
