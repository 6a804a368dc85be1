// The ML2/linuxbridge captures of ../shared/captures/ovn-era (linuxbridge-*: Caracal/Yoga study notes and a
// 2016 Liberty/Mitaka node): `iptables -L` and `-S`, `ip -d link`, `bridge link show`, `brctl show`, read
// through the `devstack-net parse` kinds and the parsers behind them.
import { strict as assert } from 'node:assert';
import { PARSE_KINDS } from '../../../src/cli/parse-kinds';
import { deviceRole } from '../../../src/core/model/role';
import { parseBrctlShow, parseBridgeLink } from '../../../src/core/parse/bridge';
import { ParseError } from '../../../src/core/parse/errors';
import { parseIpText } from '../../../src/core/parse/ip';
import { parseIptablesList } from '../../../src/core/parse/iptables';
import { normalisePasted } from '../../../src/core/parse/pasted';
import { captureFiles, loadCapture } from '../helpers/captures';

const era = (f: string) => loadCapture(`ovn-era/${f}`);
const parse = (kind: string, file: string) => JSON.parse(JSON.stringify(PARSE_KINDS[kind](era(file), { namespace: null }))) as any;

describe('ovn-era captures: ML2/linuxbridge nodes', () => {
  it('covers every linuxbridge-* capture', () => {
    assert.deepEqual(captureFiles('linuxbridge-', 'ovn-era'), [
      'linuxbridge-1.txt', 'linuxbridge-2.txt', 'linuxbridge-3.txt', 'linuxbridge-4.txt', 'linuxbridge-6.txt',
    ]);
  });

  describe('linuxbridge-1: iptables -L (listing format) of one VM port tap7a8c0a54-75', () => {
    const dump = parse('iptables', 'linuxbridge-1.txt');
    const filter = dump.tables.find((t: any) => t.name === 'filter');
    const chain = (name: string) => filter.chains.find((c: any) => c.name === name);

    it('is read as the filter table with the built-in policies and every neutron-linuxbri chain', () => {
      assert.deepEqual(dump.tables.map((t: any) => t.name), ['filter']);
      assert.deepEqual(filter.chains.map((c: any) => [c.name, c.policy, c.rules.length]), [
        ['INPUT', 'ACCEPT', 1],
        ['FORWARD', 'ACCEPT', 2],
        ['OUTPUT', 'ACCEPT', 2],
        ['neutron-filter-top', null, 1],
        ['neutron-linuxbri-FORWARD', null, 2],
        ['neutron-linuxbri-INPUT', null, 1],
        ['neutron-linuxbri-OUTPUT', null, 0],
        ['neutron-linuxbri-i7a8c0a54-7', null, 7],
        ['neutron-linuxbri-local', null, 0],
        ['neutron-linuxbri-o7a8c0a54-7', null, 8],
        ['neutron-linuxbri-s7a8c0a54-7', null, 2],
        ['neutron-linuxbri-sg-chain', null, 3],
        ['neutron-linuxbri-sg-fallback', null, 1],
      ]);
    });

    it('the sg-chain jumps to the port chains by PHYSDEV out (i…) and in (o…), with the /* comment */', () => {
      assert.deepEqual(chain('neutron-linuxbri-sg-chain').rules.map((r: any) => [r.target, r.physdevOut, r.physdevIn, r.physdevIsBridged, r.comment]), [
        ['neutron-linuxbri-i7a8c0a54-7', 'tap7a8c0a54-75', null, true, 'Jump to the VM specific chain.'],
        ['neutron-linuxbri-o7a8c0a54-7', null, 'tap7a8c0a54-75', true, 'Jump to the VM specific chain.'],
        ['ACCEPT', null, null, false, null],
      ]);
    });

    it('the ingress chain: established, DHCP replies, ICMP, tcp/22 (dpt:ssh), invalid dropped, then the fallback', () => {
      assert.deepEqual(chain('neutron-linuxbri-i7a8c0a54-7').rules.map((r: any) => [r.target, r.protocol, r.destination, r.sourcePorts, r.destinationPorts, r.states]), [
        ['RETURN', null, null, null, null, ['RELATED', 'ESTABLISHED']],
        ['RETURN', 'udp', '192.168.101.88', 'bootps', 'bootpc', null],
        ['RETURN', 'udp', '255.255.255.255', 'bootps', 'bootpc', null],
        ['RETURN', 'icmp', null, null, null, null],
        ['RETURN', 'tcp', null, null, 'ssh', null],
        ['DROP', null, null, null, null, ['INVALID']],
        ['neutron-linuxbri-sg-fallback', null, null, null, null, null],
      ]);
      assert.equal(chain('neutron-linuxbri-sg-fallback').rules[0].target, 'DROP');
    });

    it('the anti-spoofing chain allows the port\'s IP/MAC pair only', () => {
      assert.deepEqual(chain('neutron-linuxbri-s7a8c0a54-7').rules.map((r: any) => [r.target, r.source, r.macSource, r.comment]), [
        ['RETURN', '192.168.101.88', 'fa:16:3e:be:71:21', 'Allow traffic from defined IP/MAC pairs.'],
        ['DROP', null, null, 'Drop traffic without an IP/MAC allow rule.'],
      ]);
    });

    it('the listing parser alone gives the same dump as the parse kind', () => {
      assert.deepEqual(
        JSON.parse(JSON.stringify(parseIptablesList(normalisePasted(era('linuxbridge-1.txt'))).tables[0].chains.map((c) => c.name))),
        filter.chains.map((c: any) => c.name),
      );
    });
  });

  it('linuxbridge-4: iptables -S of one egress chain (no *table header → filter), comments and the jump to the s… chain', () => {
    const dump = parse('iptables', 'linuxbridge-4.txt');
    const [table] = dump.tables;
    assert.equal(table.name, 'filter');
    assert.deepEqual(table.chains.map((c: any) => c.name), ['neutron-linuxbri-ob83935a5-3']);
    assert.deepEqual(table.chains[0].rules.map((r: any) => [r.target, r.protocol, r.sourcePorts, r.destinationPorts, r.states, r.comment]), [
      ['RETURN', 'udp', '68', '67', null, 'Allow DHCP client traffic.'],
      ['neutron-linuxbri-sb83935a5-3', null, null, null, null, null],
      ['DROP', 'udp', '67', '68', null, 'Prevent DHCP Spoofing by VM.'],
      ['RETURN', null, null, null, ['RELATED', 'ESTABLISHED'], 'Direct packets associated with a known session to the RETURN chain.'],
      ['RETURN', null, null, null, null, null],
      ['DROP', null, null, null, ['INVALID'], 'Drop packets that appear related to an existing connection (e.g. TCP ACK/FIN) but do not have an entry in conntrack.'],
      ['neutron-linuxbri-sg-fallback', null, null, null, null, 'Send unmatched traffic to the fallback chain.'],
    ]);
  });

  it('linuxbridge-2: ip -d link after a "(...)" elision: the brq bridge, vxlan-267 (VNI 267) and the tap as its members', () => {
    const links = parseIpText(normalisePasted(era('linuxbridge-2.txt')), 'ip -d link');
    assert.deepEqual(links.map((l) => [l.index, l.name, l.kind, l.slaveKind, l.master, l.mtu, l.vxlanId ?? null]), [
      [9, 'brqc08e7dcd-4a', 'bridge', null, null, 1450, null],
      [11, 'vxlan-267', 'vxlan', 'bridge_slave', 'brqc08e7dcd-4a', 1450, 267],
      [13, 'tap7a8c0a54-75', 'tun', 'bridge_slave', 'brqc08e7dcd-4a', 1450, null],
    ]);
    // Roles: the VXLAN device is the tunnel, the tap the instance's; the bridge has no role of its own.
    const roles = links.map((l) => deviceRole(l.name, { namespaceKind: null, master: l.master, kind: l.kind }));
    assert.deepEqual(roles, ['other', 'tunnel-port', 'instance-tap']);
    // The CLI kind reads it too (the elision line is pasted noise).
    assert.deepEqual(parse('ip-addr', 'linuxbridge-2.txt').map((d: any) => d.mac), ['1e:c5:d4:be:d4:71', '1e:c5:d4:be:d4:71', 'fe:16:3e:be:71:21']);
  });

  it('linuxbridge-3: bridge link show → ports with their bridge, STP state and cost (the bridge-link kind)', () => {
    assert.deepEqual(parse('bridge-link', 'linuxbridge-3.txt'), [
      { index: 2, name: 'eth0', peer: null, flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, master: 'brqca4e2bc3-fe', state: 'forwarding', priority: 32, cost: 2 },
      { index: 9, name: 'vxlan-288', peer: null, flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1450, master: 'brq9f175a6d-d0', state: 'forwarding', priority: 32, cost: 2 },
      { index: 10, name: 'tap9a964f1b-6a', peer: null, flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1450, master: 'brq9f175a6d-d0', state: 'forwarding', priority: 32, cost: 100 },
    ]);
  });

  it('linuxbridge-3: read as ip link it is refused with a clear ParseError, not taken as link state "forwarding"', () => {
    assert.throws(() => PARSE_KINDS['ip-addr'](era('linuxbridge-3.txt'), { namespace: null }), (e: unknown) =>
      e instanceof ParseError && e.line === 3 && /bridge link/.test(e.reason) && /bridge-link kind/.test(e.reason));
  });

  it('linuxbridge-6: brctl show (re-aligned tabs) → brq bridge with the VLAN subinterface and two taps (the brctl-show kind)', () => {
    assert.deepEqual(parse('brctl-show', 'linuxbridge-6.txt'), [
      { name: 'brq8060ed02-cb', id: '8000.ecb1d7830cb0', stp: false, interfaces: ['em1.1203', 'tapb83935a5-30', 'tapeeec86c0-83'] },
    ]);
    // Other kinds refuse it by name and line.
    for (const kind of ['ip-addr', 'iptables']) {
      assert.throws(() => PARSE_KINDS[kind](era('linuxbridge-6.txt'), { namespace: null }), (e: unknown) => e instanceof ParseError && e.line === 1, kind);
    }
  });

  it('bridge-link and brctl-show refuse each other\'s output and ip link output', () => {
    assert.throws(() => parseBridgeLink(normalisePasted(era('linuxbridge-6.txt'))), (e: unknown) => e instanceof ParseError && e.line === 1);
    assert.throws(() => parseBrctlShow(normalisePasted(era('linuxbridge-3.txt'))), (e: unknown) => e instanceof ParseError && e.line === 3);
    // ip -d link lines have an operstate, not an STP port state.
    assert.throws(() => parseBridgeLink(normalisePasted(era('linuxbridge-2.txt'))), (e: unknown) => e instanceof ParseError && e.line === 3 && /state/.test(e.reason));
  });
});
