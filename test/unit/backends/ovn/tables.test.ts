import { strict as assert } from 'node:assert';
import { OVN_PARSE_KINDS } from '../../../../src/core/backends/ovn/cli-kinds';
import { parseNbTables, parseSbTables } from '../../../../src/core/backends/ovn/parse/tables';
import { ParseError } from '../../../../src/core/parse/errors';
import { IDS, real, realNb, realSb } from './fixtures';

describe('OVN --format=json tables (real OVN 23.03)', () => {
  const nb = parseNbTables(realNb());
  const sb = parseSbTables(realSb());

  it('reads switches with their Neutron network names', () => {
    assert.deepEqual(nb.switches.map((s) => [s.name, s.externalIds['neutron:network_name']]).sort(), [
      [`neutron-${IDS.pub}`, 'public'], [`neutron-${IDS.net}`, 'private'],
    ]);
    const priv = nb.switches.find((s) => s.name === `neutron-${IDS.net}`)!;
    assert.equal(priv.ports.length, 4);
  });
  it('reads switch ports: one-element sets as atoms, types, options and Neutron external ids', () => {
    const vm = nb.switchPorts.find((p) => p.name === IDS.vm)!;
    assert.deepEqual([vm.type, vm.addresses, vm.portSecurity, vm.options['requested-chassis']], [null, ['fa:16:3e:05:cd:92 10.0.0.38'], ['fa:16:3e:05:cd:92 10.0.0.38'], 'devstack']);
    assert.equal(vm.externalIds['neutron:port_name'], 'vm1-port');
    const rif = nb.switchPorts.find((p) => p.name === IDS.rif)!;
    assert.deepEqual([rif.type, rif.addresses, rif.options['router-port']], ['router', ['router'], `lrp-${IDS.rif}`]);
  });
  it('reads routers, router ports with gateway chassis rows, NAT rows and ACLs', () => {
    assert.equal(nb.routers[0].externalIds['neutron:router_name'], 'router1');
    assert.equal(nb.routers[0].nat.length, 3);
    const gw = nb.routerPorts.find((p) => p.name === `lrp-${IDS.rgw}`)!;
    assert.deepEqual(gw.networks, ['172.24.4.191/24', '2001:db8::1/64']);
    assert.equal(nb.gatewayChassis.find((g) => g.uuid === gw.gatewayChassis[0])?.chassisName, IDS.chassis);
    const fip = nb.nat.find((n) => n.externalIp === '172.24.4.8')!;
    assert.deepEqual([fip.type, fip.logicalIp, fip.logicalPort, fip.externalMac], ['dnat_and_snat', '10.0.0.38', IDS.vm, null]);
    assert.equal(nb.nat.find((n) => n.externalIp === '172.24.4.9')!.gatewayPort, gw.uuid);
    assert.equal(nb.acls.length, 7);
    const tcp22 = nb.acls.find((a) => a.externalIds['neutron:security_group_rule_id'] === IDS.tcp22Rule)!;
    assert.deepEqual([tcp22.direction, tcp22.priority, tcp22.action], ['to-lport', 1002, 'allow-related']);
  });
  it('reads port groups, address sets and DHCP options', () => {
    const pg = nb.portGroups.find((p) => p.name === 'pg_e755eda1_c654_42b8_b20e_3de46ce4f0d6')!;
    assert.equal(pg.acls.length, 5);
    assert.equal(pg.ports.length, 1);
    assert.deepEqual(nb.addressSets[0].addresses, ['10.0.0.38', '10.0.0.40']);
    assert.equal(nb.dhcpOptions[0].options.router, '10.0.0.1');
  });
  it('reads the southbound chassis, encaps, bindings and datapaths', () => {
    const ch = sb.chassis.find((c) => c.name === IDS.chassis)!;
    assert.equal(ch.hostname, 'devstack');
    assert.deepEqual(sb.encaps.filter((e) => ch.encaps.includes(e.uuid)).map((e) => [e.type, e.ip]), [['geneve', '127.0.0.1']]);
    const vm = sb.portBindings.find((b) => b.logicalPort === IDS.vm)!;
    assert.equal(vm.chassis, ch.uuid);
    assert.equal(sb.datapaths.length, 3);
  });
  it('`parse ovn-nb-json` recognises the tables by their headings, in any order', () => {
    const all = Object.values(realNb()).reverse().join('\n');
    const out = OVN_PARSE_KINDS['ovn-nb-json'](all) as { switches: unknown[]; acls: unknown[] };
    assert.deepEqual([out.switches.length, out.acls.length], [2, 7]);
    const sbOut = OVN_PARSE_KINDS['ovn-sb-json'](Object.values(realSb()).join('')) as { chassis: unknown[] };
    assert.equal(sbOut.chassis.length, 2);
  });
  it('throws ParseError for JSON that is not an OVSDB table', () => {
    assert.throws(() => parseNbTables({ ACL: '{"headings":"x"}' }), ParseError);
    assert.throws(() => parseNbTables({ ACL: '{"headings":["action"],"data":[["drop"]]}' }), /no _uuid column/);
    assert.throws(() => OVN_PARSE_KINDS['ovn-sb-json'](real('nb-ACL.json')), ParseError);
  });
});
