import { strict as assert } from 'node:assert';
import { ParseError } from '../../../src/core/parse/errors';
import { parseIptablesAuto, parseIptablesList } from '../../../src/core/parse/iptables';
import type { IptablesChain, IptablesDump } from '../../../src/core/parse/types';
import { loadCapture } from '../helpers/captures';

function chain(dump: IptablesDump, name: string, table = 'filter'): IptablesChain {
  const t = dump.tables.find((x) => x.name === table);
  assert.ok(t, `table ${table} missing (have ${dump.tables.map((x) => x.name).join(', ')})`);
  const c = t.chains.find((x) => x.name === name);
  assert.ok(c, `chain ${table}/${name} missing`);
  return c;
}

const targets = (c: IptablesChain) => c.rules.map((r) => r.target);

describe('parseIptablesList over the iptables -L captures', () => {
  it('iptables-filter-2.txt: no -n (anywhere, ssh, bootps/bootpc), no counters', () => {
    const d = parseIptablesList(loadCapture('iptables-filter-2.txt'), 'iptables -L');
    const c = chain(d, 'neutron-openvswi-ib5e2060e-0');
    assert.deepEqual(targets(c), ['DROP', 'RETURN', 'RETURN', 'RETURN', 'RETURN', 'neutron-openvswi-sg-fallback']);
    assert.deepEqual(c.rules[0].states, ['INVALID']);
    assert.deepEqual([c.rules[2].protocol, c.rules[2].destinationPorts, c.rules[2].source], ['tcp', 'ssh', null]);
    assert.deepEqual([c.rules[4].source, c.rules[4].sourcePorts, c.rules[4].destinationPorts], ['10.0.0.2', 'bootps', 'bootpc']);
    assert.equal(c.rules[0].counters, null);
  });

  it('iptables-filter-5.txt: INPUT with --line-numbers and K/M counters, linuxbridge prefix', () => {
    const c = chain(parseIptablesList(loadCapture('iptables-filter-5.txt')), 'INPUT');
    assert.deepEqual([c.policy, c.counters], ['ACCEPT', { packets: 0, bytes: 0 }]);
    assert.equal(c.rules.length, 16);
    assert.deepEqual(c.rules.map((r) => r.lineNumber), Array.from({ length: 16 }, (_, k) => k + 1));
    assert.deepEqual(c.rules[0].counters, { packets: 900_000, bytes: 331_000_000 });
    assert.equal(c.rules[0].target, 'neutron-linuxbri-INPUT');
    assert.equal(c.rules[4].inInterface, 'lo');
    assert.deepEqual([c.rules[5].states, c.rules[5].destinationPorts], [['NEW'], '22']);
    assert.deepEqual([c.rules[15].target, c.rules[15].targetOptions], ['REJECT', { '--reject-with': 'icmp-host-prohibited' }]);
  });

  it('iptables-filter-10.txt: FWaaS chains in a router namespace, spts/dpt', () => {
    const d = parseIptablesList(loadCapture('iptables-filter-10.txt'));
    const c = chain(d, 'neutron-vpn-agen-iv4d8ed9898');
    assert.deepEqual(targets(c), ['DROP', 'ACCEPT', 'ACCEPT']);
    assert.deepEqual([c.rules[2].destination, c.rules[2].sourcePorts, c.rules[2].destinationPorts], ['10.0.0.0/24', '1:65535', '22']);
    assert.equal(chain(d, 'neutron-vpn-agen-ov4d8ed9898').rules.length, 3);
  });

  it('iptables-filter-15.txt: five concatenated listings, PHYSDEV dispatch to the SG chains', () => {
    const d = parseIptablesList(loadCapture('iptables-filter-15.txt'));
    assert.deepEqual(d.tables.map((t) => t.name), ['filter']);
    assert.deepEqual(d.tables[0].chains.map((c) => c.name), [
      'FORWARD', 'neutron-openvswi-FORWARD', 'neutron-openvswi-sg-chain', 'neutron-openvswi-i583c7038-d', 'neutron-openvswi-o583c7038-d',
    ]);
    const sg = chain(d, 'neutron-openvswi-sg-chain');
    assert.deepEqual(sg.rules.map((r) => [r.physdevIn, r.physdevOut, r.physdevIsBridged, r.target]), [
      [null, 'tap583c7038-d3', true, 'neutron-openvswi-i583c7038-d'],
      ['tap583c7038-d3', null, true, 'neutron-openvswi-o583c7038-d'],
      [null, null, false, 'ACCEPT'],
    ]);
    assert.deepEqual(sg.rules[2].counters, { packets: 12442, bytes: 4_163_000 });
    const inbound = chain(d, 'neutron-openvswi-i583c7038-d');
    assert.deepEqual([inbound.rules[4].source, inbound.rules[4].sourcePorts, inbound.rules[4].destinationPorts], ['192.168.0.3', '67', '68']);
  });

  it('iptables-filter-16.txt: /* comments */ with spaces and MAC match', () => {
    const d = parseIptablesList(loadCapture('iptables-filter-16.txt'));
    const input = chain(d, 'INPUT');
    assert.equal(input.rules[1].comment, '001 nagios-nrpe incoming 192.168.122.100');
    assert.deepEqual([input.rules[1].destinationPorts, input.rules[2].destinationPorts], ['5666', '5900:5999']);
    assert.deepEqual(input.rules[3].counters, { packets: 1_033_000, bytes: 894_000_000 });
    const spoof = chain(d, 'neutron-openvswi-s583c7038-d').rules[0];
    assert.deepEqual([spoof.source, spoof.macSource, spoof.target], ['192.168.0.2', 'FA:16:3E:9C:DC:3A', 'RETURN']);
  });

  it('iptables-filter-17.txt: empty chains keep only their header; policy counters with K/M', () => {
    const d = parseIptablesList(loadCapture('iptables-filter-17.txt'));
    assert.deepEqual(chain(d, 'OUTPUT').counters, { packets: 965_000, bytes: 149_000_000 });
    assert.equal(chain(d, 'neutron-openvswi-OUTPUT').rules.length, 0);
    assert.equal(chain(d, 'neutron-openvswi-local').rules.length, 0);
    assert.equal(chain(d, 'neutron-openvswi-local').policy, null);
  });

  it('iptables-nat-1.txt: nat listing inferred from DNAT/SNAT; to:, redir ports, qr-+', () => {
    const d = parseIptablesAuto(loadCapture('iptables-nat-1.txt'));
    assert.deepEqual(d.tables.map((t) => t.name), ['nat']);
    const pre = chain(d, 'neutron-l3-agent-PREROUTING', 'nat');
    assert.deepEqual([pre.rules[0].target, pre.rules[0].inInterface, pre.rules[0].destination, pre.rules[0].destinationPorts, pre.rules[0].targetOptions], [
      'REDIRECT', 'qr-+', '169.254.169.254', '80', { '--to-ports': '9697' },
    ]);
    assert.deepEqual([pre.rules[1].destination, pre.rules[1].targetOptions], ['10.0.0.109', { '--to-destination': '172.16.1.10' }]);
    const snat = chain(d, 'neutron-l3-agent-float-snat', 'nat').rules[0];
    assert.deepEqual([snat.source, snat.targetOptions], ['172.16.1.10', { '--to-source': '10.0.0.109' }]);
  });
});

describe('parseIptablesList variations', () => {
  it('splits `iptables -L; iptables -t nat -L` by repeated chain names and infers both tables', () => {
    const text = [
      'Chain INPUT (policy ACCEPT)', 'target     prot opt source               destination', '',
      'Chain FORWARD (policy DROP)', 'target     prot opt source               destination', '',
      'Chain OUTPUT (policy ACCEPT)', 'target     prot opt source               destination', '',
      'Chain neutron-filter-top (2 references)', 'target     prot opt source               destination', '',
      'Chain PREROUTING (policy ACCEPT)', 'target     prot opt source               destination',
      'neutron-l3-agent-PREROUTING  all  --  anywhere             anywhere', '',
      'Chain INPUT (policy ACCEPT)', 'target     prot opt source               destination', '',
      'Chain OUTPUT (policy ACCEPT)', 'target     prot opt source               destination', '',
      'Chain POSTROUTING (policy ACCEPT)', 'target     prot opt source               destination',
      'MASQUERADE  all  --  10.0.0.0/24          anywhere             masq ports: 1024-65535',
    ].join('\n');
    const d = parseIptablesList(text);
    assert.deepEqual(d.tables.map((t) => [t.name, t.chains.map((c) => c.name)]), [
      ['filter', ['INPUT', 'FORWARD', 'OUTPUT', 'neutron-filter-top']],
      ['nat', ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']],
    ]);
    assert.deepEqual(chain(d, 'POSTROUTING', 'nat').rules[0].targetOptions, { '--to-ports': '1024-65535' });
  });

  it('reads a blank target column, negations, match-set, mark, ctstate and an explicit table', () => {
    const text = [
      'Chain neutron-l3-agent-snat (1 references)',
      ' pkts bytes target     prot opt in     out     source               destination',
      '   10   600            all  --  *      *       0.0.0.0/0            0.0.0.0/0',
      '    0     0 SNAT       all  --  *      *       0.0.0.0/0            0.0.0.0/0            mark match ! 0x2/0xffff ctstate DNAT to:10.0.0.152',
      '    0     0 ACCEPT     all  --  !qg-1  !qg-1   0.0.0.0/0            0.0.0.0/0            ! ctstate DNAT',
      '    0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0            match-set NIPv4abc src',
      '    0     0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            multiport dports 53,67:68',
    ].join('\n');
    const c = chain(parseIptablesList(text, 'iptables -t nat -L -v -n', 'nat'), 'neutron-l3-agent-snat', 'nat');
    assert.deepEqual([c.rules[0].target, c.rules[0].protocol, c.rules[0].counters], [null, null, { packets: 10, bytes: 600 }]);
    assert.deepEqual([c.rules[1].mark, c.rules[1].states, c.rules[1].targetOptions], ['! 0x2/0xffff', ['DNAT'], { '--to-source': '10.0.0.152' }]);
    assert.deepEqual([c.rules[2].inInterface, c.rules[2].outInterface, c.rules[2].states, c.rules[2].statesNegated], ['!qg-1', '!qg-1', ['DNAT'], true]);
    assert.equal(c.rules[3].ipset, 'NIPv4abc src');
    assert.equal(c.rules[4].destinationPorts, '53,67:68');
    assert.ok(c.rules.every((r) => r.table === 'nat' && r.chain === 'neutron-l3-agent-snat'));
  });

  it('rejects rows outside a chain and malformed rows with ParseError and line', () => {
    assert.throws(() => parseIptablesList('DROP all -- anywhere anywhere', 'iptables -L'), (e: unknown) => e instanceof ParseError && e.line === 1);
    assert.throws(() => parseIptablesList('Chain X (1 references)\nnum pkts bytes target prot opt in out source destination\nfoo bar\n'), (e: unknown) => {
      return e instanceof ParseError && e.line === 3;
    });
    assert.throws(() => parseIptablesList('Chain X has no parens'), ParseError);
  });
});
