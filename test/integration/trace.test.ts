// `devstack-net trace` against the fast lab over real SSH, with the live host (ofproto/trace, ip route get,
// the router's own tables, ss). Run under the lab lock:
//   flock /tmp/devstack-lab.lock npx mocha --config test/integration/.mocharc.json test/integration/trace.test.ts
import { strict as assert } from 'node:assert';
import { requireLab, type Manifest } from '../lab/control';
import { addAgentNormalFlow, hasSshRule, removeAgentNormalFlow, removeSshRule, restoreSshRule, ruleIndex } from '../lab/sg-rule';
import { cli } from './run-cli';

interface Traced {
  code: number | null;
  json: {
    verdict: string;
    line: string;
    decidedBy: { kind: string; name: string; rule: number | null } | null;
    steps: { hop: string; object: string; namespace: string | null; detail: string; trip: string; assumed?: boolean }[];
    gaps: string[];
  };
  stderr: string;
}

async function trace(m: Manifest, from: string, to: string, proto?: string): Promise<Traced> {
  const r = await cli(['trace', m.host.alias, '--ssh-config', m.sshConfig, '--from', from, '--to', to, '--json', ...(proto ? ['--proto', proto] : [])]);
  try {
    return { code: r.code, json: JSON.parse(r.stdout), stderr: r.stderr };
  } catch {
    throw new Error(`devstack-net trace printed no JSON (exit ${r.code}): ${r.stderr}${r.stdout}`);
  }
}

describe('devstack-net trace (fast lab, iptables_hybrid)', function () {
  this.timeout(180_000);
  let m: Manifest;
  let fip: Manifest['floatingIps'][number];
  let port: Manifest['instancePorts'][number];
  before(() => {
    m = requireLab();
    const f = m.floatingIps[0], p = m.instancePorts[0];
    assert.ok(f && p, 'the lab has a floating IP and an instance port');
    fip = f;
    port = p;
    assert.ok(hasSshRule(m), 'the lab starts with the seed security group (tcp 22 allowed)');
  });
  after(() => {
    if (m) restoreSshRule(m);
    removeAgentNormalFlow();
  });

  it('the fast lab as built: br-int is fail_mode=secure without flows, and ofproto/trace says it drops', async () => {
    const r = await trace(m, 'outside', `${fip.floating}:22`);
    assert.equal(r.code, 3);
    assert.deepEqual(r.json.decidedBy, { kind: 'openflow', name: 'br-int', rule: null });
    assert.match(r.json.line, /dropped by the OpenFlow tables of br-int \(ofproto\/trace: datapath actions drop\)/);
    addAgentNormalFlow(); // what the OVS agent would program; the rest of the cases run with it
  });

  it('tcp/22 from outside to the floating IP: delivered, accepted by the inbound chain\'s tcp/22 rule, with no gap (live host)', async () => {
    const r = await trace(m, 'outside', `${fip.floating}:22`);
    const rule = ruleIndex(port.sgChains.inbound, /-p tcp .*--dport 22 /);
    assert.equal(r.code, 0, r.stderr + r.json.line);
    assert.equal(r.json.verdict, 'delivered', r.json.line);
    assert.deepEqual(r.json.decidedBy, { kind: 'iptables-rule', name: port.sgChains.inbound, rule, namespace: null });
    assert.ok(r.json.line.startsWith(`delivered to ${fip.fixed} on ${port.tap}, accepted by ${port.sgChains.inbound} rule ${rule} (`), r.json.line);
    assert.deepEqual(r.json.gaps, []);
    const ofproto = r.json.steps.filter((s) => s.hop === 'OpenFlow');
    assert.ok(ofproto.length >= 2 && ofproto.every((s) => /ofproto\/trace .* datapath actions: /.test(s.detail) && !s.assumed), JSON.stringify(ofproto));
    assert.ok(r.json.steps.some((s) => s.hop === 'routing' && /ip route get: /.test(s.detail)));
    // with the router's mangle table read live, the mark 0x2 of qg- traffic keeps the gateway SNAT off
    assert.ok(!r.json.steps.some((s) => s.trip === 'request' && s.hop === 'SNAT'), 'no SNAT on the way in');
    // (the low 16 bits: the address-scope mark 0x4000000 of the L3 agent sits above them)
    const qgMark = (detail: string) => (Number(/mark (0x[0-9a-f]+)/.exec(detail)?.[1] ?? NaN) & 0xffff) === 0x2;
    assert.ok(r.json.steps.some((s) => s.hop === 'mangle PREROUTING' && qgMark(s.detail)), JSON.stringify(r.json.steps.filter((s) => s.hop.startsWith('mangle'))));
  });

  it('udp/53 and ping to the floating IP', async () => {
    const udp = await trace(m, 'outside', `${fip.floating}:53`, 'udp');
    assert.equal(udp.code, 3);
    assert.equal(udp.json.verdict, 'dropped');
    assert.deepEqual(udp.json.decidedBy, { kind: 'iptables-rule', name: 'neutron-openvswi-sg-fallback', rule: 1, namespace: null });
    assert.match(udp.json.line, /no rule of the security group .* allows udp 53 inbound/);
    const ping = await trace(m, 'outside', fip.floating);
    assert.equal(ping.json.verdict, 'delivered', ping.json.line);
    assert.equal(ping.json.decidedBy?.rule, ruleIndex(port.sgChains.inbound, /-p icmp /));
  });

  it('from the instance port: the router, the metadata address (nothing listens on 9697 in the fast lab), the outside', async () => {
    const router = await trace(m, port.prefix11, '10.0.0.1');
    assert.equal(router.json.verdict, 'delivered', router.json.line);
    const meta = await trace(m, port.tap, '169.254.169.254:80');
    assert.ok(meta.json.steps.some((s) => s.hop === 'REDIRECT' && /9697/.test(s.detail)), JSON.stringify(meta.json.steps));
    assert.ok(meta.json.steps.some((s) => s.hop === 'filter INPUT' && /neutron-l3-agent-INPUT rule 1/.test(s.detail)), 'the mark 0x1 lets it in');
    assert.equal(meta.json.verdict, 'dropped', meta.json.line);
    assert.equal(meta.json.decidedBy?.kind, 'listener');
    const out = await trace(m, port.prefix11, '172.24.4.1:22');
    assert.ok(out.json.steps.some((s) => s.hop === 'SNAT' && s.detail.includes(`→ ${fip.floating}`)), out.json.line);
  });

  it('after the tcp/22 rule is removed, the same trace is dropped by the fallback; back when it returns', async () => {
    removeSshRule(m);
    const r = await trace(m, 'outside', `${fip.floating}:22`);
    assert.equal(r.json.verdict, 'dropped', r.json.line);
    assert.deepEqual(r.json.decidedBy, { kind: 'iptables-rule', name: 'neutron-openvswi-sg-fallback', rule: 1, namespace: null });
    assert.match(r.json.line, /allows tcp 22 inbound/);
    restoreSshRule(m);
    const again = await trace(m, 'outside', `${fip.floating}:22`);
    assert.equal(again.json.verdict, 'delivered', again.json.line);
  });

  it('a port that does not exist is unknown (exit 4), a bad --to is a usage error (exit 2)', async () => {
    const r = await trace(m, 'deadbeef-00', '10.0.0.1');
    assert.equal(r.code, 4);
    assert.equal(r.json.verdict, 'unknown');
    const bad = await trace(m, 'outside', 'not-an-ip').catch((e: Error) => e);
    assert.ok(bad instanceof Error && /exit 2/.test(bad.message) && /--to wants an IPv4 address/.test(bad.message));
  });
});
