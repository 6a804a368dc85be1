import { strict as assert } from 'node:assert';
import { parseAcls } from '../../../../src/core/backends/ovn/parse/acl';
import { parseNats } from '../../../../src/core/backends/ovn/parse/nat';
import { parseNbShow } from '../../../../src/core/backends/ovn/parse/nb-show';
import { parseSbShow } from '../../../../src/core/backends/ovn/parse/sb-show';
import { parseTrace } from '../../../../src/core/backends/ovn/parse/trace';
import { ParseError } from '../../../../src/core/parse/errors';
import { captureFiles, loadCapture } from '../../helpers/captures';
import { IDS, real } from './fixtures';

const era = (f: string) => loadCapture(`ovn-era/${f}`);

describe('OVN text parsers over every ovn-era capture', () => {
  const nb: Record<string, { switches: number; ports: number; routers: number; nat: number }> = {
    'ovn-nb-show-1.txt': { switches: 3, ports: 17, routers: 2, nat: 6 },
    'ovn-nb-show-2.txt': { switches: 3, ports: 4, routers: 1, nat: 1 },
    'ovn-nb-show-3.txt': { switches: 2, ports: 5, routers: 1, nat: 2 },
    'ovn-nb-show-5.txt': { switches: 2, ports: 6, routers: 1, nat: 2 },
  };
  const sb: Record<string, { chassis: number; encaps: number; bindings: number }> = {
    'ovn-sb-show-1.txt': { chassis: 6, encaps: 6, bindings: 5 },
    'ovn-sb-show-3.txt': { chassis: 2, encaps: 4, bindings: 3 },
    'ovn-sb-show-4.txt': { chassis: 2, encaps: 4, bindings: 0 },
    'ovn-sb-show-5.txt': { chassis: 3, encaps: 6, bindings: 2 },
  };
  const acl: Record<string, { count: number; withRuleId: number }> = {
    'ovn-acl-1.txt': { count: 18, withRuleId: 16 },
    'ovn-acl-2.txt': { count: 9, withRuleId: 0 },
    'ovn-acl-4.txt': { count: 2, withRuleId: 2 },
    'ovn-acl-5.txt': { count: 2, withRuleId: 1 },
  };
  const nat: Record<string, string[]> = {
    'ovn-nat-1.txt': ['dnat_and_snat 172.16.0.180 192.168.101.140'],
    'ovn-nat-2.txt': ['snat 172.16.0.140 192.168.101.0/24'],
    'ovn-nat-3.txt': ['dnat_and_snat 172.25.250.110 192.168.1.7', 'snat 172.25.250.101 192.168.1.0/24'],
    'ovn-nat-4.txt': ['dnat_and_snat 172.25.250.110 192.168.1.7'],
  };
  const trace: Record<string, { format: string; stages: number; last: string | null }> = {
    'ovn-trace-1.txt': { format: 'detailed', stages: 3, last: 'ls_out_port_sec_l2' },
    'ovn-trace-2.txt': { format: 'detailed', stages: 19, last: 'ls_out_port_sec_l2' },
    'ovn-trace-3.txt': { format: 'minimal', stages: 0, last: null },
    'ovn-trace-4.txt': { format: 'minimal', stages: 0, last: null },
    'ovn-trace-6.txt': { format: 'detailed', stages: 6, last: 'ls_in_acl_action' },
    'ovn-trace-7.txt': { format: 'detailed', stages: 3, last: 'ls_in_pre_acl' },
    'ovn-trace-8.txt': { format: 'detailed', stages: 3, last: 'ls_out_port_sec_l2' },
  };

  it('has an expectation for every ovn-* capture', () => {
    assert.deepEqual(captureFiles('ovn-nb-show-', 'ovn-era'), Object.keys(nb));
    assert.deepEqual(captureFiles('ovn-sb-show-', 'ovn-era'), Object.keys(sb));
    assert.deepEqual(captureFiles('ovn-acl-', 'ovn-era'), Object.keys(acl));
    assert.deepEqual(captureFiles('ovn-nat-', 'ovn-era'), Object.keys(nat));
    assert.deepEqual(captureFiles('ovn-trace-', 'ovn-era'), Object.keys(trace));
  });
  for (const [f, e] of Object.entries(nb)) {
    it(`${f}: switches, ports, routers, NAT rows`, () => {
      const s = parseNbShow(era(f), f);
      assert.deepEqual(
        [s.switches.length, s.switches.reduce((n, x) => n + x.ports.length, 0), s.routers.length, s.routers.reduce((n, r) => n + r.nat.length, 0)],
        [e.switches, e.ports, e.routers, e.nat],
      );
    });
  }
  for (const [f, e] of Object.entries(sb)) {
    it(`${f}: chassis, encaps, port bindings`, () => {
      const s = parseSbShow(era(f), f);
      assert.deepEqual(
        [s.chassis.length, s.chassis.reduce((n, c) => n + c.encaps.length, 0), s.chassis.reduce((n, c) => n + c.portBindings.length, 0)],
        [e.chassis, e.encaps, e.bindings],
      );
      for (const c of s.chassis) for (const x of c.encaps) assert.match(x.ip ?? '', /^\d+\.\d+\.\d+\.\d+$/);
    });
  }
  for (const [f, e] of Object.entries(acl)) {
    it(`${f}: ACL count and Neutron rule ids`, () => {
      const a = parseAcls(era(f), f);
      assert.equal(a.length, e.count);
      assert.equal(a.filter((x) => x.externalIds['neutron:security_group_rule_id']).length, e.withRuleId);
      for (const x of a) assert.ok(x.priority >= 1000 && x.match !== '' && x.action !== '');
    });
  }
  for (const [f, e] of Object.entries(nat)) {
    it(`${f}: NAT rows`, () => {
      assert.deepEqual(parseNats(era(f), f).map((n) => `${n.type} ${n.externalIp} ${n.logicalIp}`), e);
    });
  }
  for (const [f, e] of Object.entries(trace)) {
    it(`${f}: format, stage count, last stage`, () => {
      const t = parseTrace(era(f), f);
      assert.equal(t.format, e.format);
      assert.equal(t.stages.length, e.stages);
      assert.equal(t.stages.at(-1)?.stage ?? null, e.last);
    });
  }
});

describe('OVN text quirks', () => {
  it('ovn-nbctl show: (aka …) on switches, routers and ports; abbreviated 6-hex names; an empty switch; `...` elisions', () => {
    const s2 = parseNbShow(era('ovn-nb-show-2.txt'));
    assert.deepEqual(s2.switches.map((s) => [s.uuid, s.name, s.aka, s.ports.length]), [
      ['5b3d5f', 'neutron-c02c4d', 'private', 2], ['2579f4', 'neutron-d1ac28', 'public', 2], ['3eb263', 'neutron-5b6baf', 'n1', 0],
    ]);
    assert.deepEqual(s2.routers[0].ports[0], { name: 'lrp-ae9b52', mac: 'fa:16:3e:b2:d2:67', networks: ['172.24.4.9/24', '2001:db8::b/64'], gatewayChassis: [] });
    const s3 = parseNbShow(era('ovn-nb-show-3.txt'));
    assert.deepEqual(s3.switches[1].ports[2], { name: 'cae25b', aka: 'dp', type: null, addresses: ['fa:16:3e:c1:f5:a2 10.0.0.6 fdb0:5860:4ba8:0:f816:3eff:fec1:f5a2'], routerPort: null, tag: null });
  });
  it('ovn-nbctl show: localnet tag, gateway chassis lists without quotes or commas, quoted NAT types', () => {
    const s = parseNbShow(era('ovn-nb-show-5.txt'));
    assert.deepEqual(s.switches[0].ports[2], { name: 'provnet-5d12ed03-ca23-4738-8693-7a5141f2302d', aka: null, type: 'localnet', addresses: ['unknown'], routerPort: null, tag: 10 });
    assert.equal(s.routers[0].ports[0].gatewayChassis.length, 5);
    assert.deepEqual(s.routers[0].nat.map((n) => n.type), ['snat', 'dnat_and_snat']);
    const s1 = parseNbShow(era('ovn-nb-show-1.txt'));
    assert.deepEqual(s1.switches[1].ports[0].type, 'virtual');
  });
  it('ovn-sbctl show: quoted and bare hostnames and cr-lrp bindings, both parsed alike', () => {
    const old = parseSbShow(era('ovn-sb-show-1.txt'));
    assert.equal(old.chassis[0].hostname, 'ice-com-03.lab.local');
    assert.deepEqual(old.chassis[3].portBindings, ['cr-lrp-778f4f3b-62a4-4517-ad41-fac604b11c01']);
    const recent = parseSbShow(era('ovn-sb-show-5.txt'));
    assert.equal(recent.chassis[0].hostname, 'mnaio-compute1');
    assert.deepEqual(recent.chassis[2].portBindings, ['cr-lrp-022933b6-fb12-4f40-897f-745761f03186']);
  });
  it('acl-list: right-aligned directions and escaped port names in the match', () => {
    const a = parseAcls(era('ovn-acl-2.txt'));
    assert.deepEqual(a[4], {
      direction: 'to-lport', priority: 1002, action: 'allow-related', name: null, externalIds: {},
      match: 'outport == "0029ead2-8124-439b-9ec0-9579d9f601ea" && ip4 && ip4.src == $as_ip4_e08d4ea1_8245_4dbb_a959_4883936006c2',
    });
  });
  it('list ACL records: neutron_pg_drop with {} and a `<<OMITTED>>` elision', () => {
    const a = parseAcls(era('ovn-acl-5.txt'));
    assert.deepEqual(a[1], { direction: 'from-lport', priority: 1001, match: 'inport == @neutron_pg_drop && ip', action: 'drop', name: null, externalIds: {} });
  });
  it('lr-nat-list, new 7-column layout (real OVN 23.03): empty cells, ragged ends, a gateway port cut to 18 characters', () => {
    assert.deepEqual(parseNats(real('lr-nat-list.txt')), [
      { type: 'dnat_and_snat', externalIp: '172.24.4.8', logicalIp: '10.0.0.38', externalMac: null, logicalPort: null, gatewayPort: null },
      { type: 'dnat_and_snat', externalIp: '172.24.4.9', logicalIp: '10.0.0.40', externalMac: 'fa:16:3e:5e:0a:11', logicalPort: IDS.vm2, gatewayPort: 'lrp-38939c52-01e2-' },
      { type: 'snat', externalIp: '172.24.4.191', logicalIp: '10.0.0.0/26', externalMac: null, logicalPort: null, gatewayPort: null },
    ]);
  });
  it('lr-nat-list, old 5-column layout (nat-3): the snat row stops after LOGICAL_IP', () => {
    assert.deepEqual(parseNats(era('ovn-nat-3.txt'))[1], { type: 'snat', externalIp: '172.25.250.101', logicalIp: '192.168.1.0/24', externalMac: null, logicalPort: null, gatewayPort: null });
  });
  it('list NAT records: unquoted type, [] as null, a gateway_port row uuid kept as printed', () => {
    const n = parseNats(era('ovn-nat-1.txt'))[0];
    assert.equal(n.gatewayPort, '6949c68d-b3b2-4e7d-abb9-691f981e0e80');
    assert.equal(n.externalMac, null);
    assert.equal(parseNats(real('find-nat.txt')).length, 2);
  });
  it('ovn-trace: --ovs flows skipped, stages keep their actions', () => {
    const t = parseTrace(era('ovn-trace-7.txt'));
    assert.deepEqual(t.stages[2].actions, ['reg0[0] = 1;', 'next;']);
    assert.equal(t.stages[0].datapath, 'af17a9c0-b600-407f-880f-535dfab2877d');
  });
  it('ovn-trace (real OVN 23.03): ct_snatin_czone stanzas carry the router pipeline; tables and priorities are numbers', () => {
    const t = parseTrace(real('trace-fip-tcp22.txt'));
    assert.ok(t.microflow?.startsWith('tcp,reg14=0x1'));
    const dnat = t.stages.find((s) => s.stage === 'lr_in_dnat')!;
    assert.deepEqual([dnat.pipeline, dnat.datapath, dnat.table, dnat.priority, dnat.actions], ['ingress', 'router1', 7, 100, ['ct_dnat_in_czone(10.0.0.38);']]);
    assert.equal(dnat.under, 'ct_snatin_czone /* assuming no un-snat entry, so no change */ /* default (use --ct to customize) */');
    assert.deepEqual(t.stages.at(-1)!.actions, ['output;', '/* output to "vm1-port", type "" */']);
  });
  it('ovn-trace: a packet dropped at the ACL stage ends there', () => {
    const last = parseTrace(real('trace-fip-tcp22-dropped.txt')).stages.at(-1)!;
    assert.deepEqual([last.stage, last.pipeline, last.match.includes('@neutron_pg_drop'), last.actions], ['ls_out_acl', 'egress', true, ['drop;']]);
  });
  it('throws ParseError with a line for garbled input', () => {
    for (const [parse, text] of [
      [parseNbShow, 'switch x (y)\n    port p\n        type: router\n???'],
      [parseSbShow, 'Chassis "a"\n  garbage here'],
      [parseAcls, 'from-lport 1002 no parentheses'],
      [parseNats, 'TYPE EXTERNAL_IP\nsnat 1.2.3.4 extra cells here'],
      [parseTrace, 'ingress(dp="a")\n----------------\nwhat is this'],
    ] as const) {
      assert.throws(() => (parse as (t: string) => unknown)(text), (e: unknown) => e instanceof ParseError && e.line !== null);
    }
  });
});
