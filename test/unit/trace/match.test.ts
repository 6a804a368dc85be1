// The rule evaluator against every match and option the shared captures use (iptables-save and -L forms).
import { strict as assert } from 'node:assert';
import { parseIptablesSave } from '../../../src/core/parse/iptables';
import type { IptablesRule } from '../../../src/core/parse/types';
import { matchRule, unsupportedParts, type Tri } from '../../../src/core/trace/match';
import { newPacket, replyTo, type Packet } from '../../../src/core/trace/packet';
import { captureDump, captureListDump, table } from '../iptables/fixtures';

/** One `-A …` line parsed the way the snapshot parses it. */
function rule(line: string): IptablesRule {
  const dump = parseIptablesSave(`*filter\n${line}\nCOMMIT\n`, 'test');
  const r = dump.tables[0]?.chains[0]?.rules[0];
  assert.ok(r, `parsed ${line}`);
  return r;
}

const tcp22 = (extra: Partial<Packet> = {}): Packet => ({ ...newPacket('tcp', '172.24.4.1', '10.0.0.3', 22), ...extra });
const udp53 = (extra: Partial<Packet> = {}): Packet => ({ ...newPacket('udp', '172.24.4.1', '10.0.0.3', 53), ...extra });
const ping = (extra: Partial<Packet> = {}): Packet => ({ ...newPacket('icmp', '172.24.4.1', '10.0.0.3', null), ...extra });

function expectMatch(line: string, packet: Packet, want: Tri): void {
  const got = matchRule(rule(line), packet);
  assert.equal(got.result, want, `${line} on ${JSON.stringify(packet)}: ${got.reason}`);
}

describe('rule evaluator: matches', () => {
  it('-p: tcp, udp, icmp, all, numbers and !', () => {
    expectMatch('-A X -p tcp -j ACCEPT', tcp22(), 'yes');
    expectMatch('-A X -p tcp -j ACCEPT', udp53(), 'no');
    expectMatch('-A X -p udp -j ACCEPT', udp53(), 'yes');
    expectMatch('-A X -p icmp -j RETURN', ping(), 'yes');
    expectMatch('-A X -p icmp -j RETURN', tcp22(), 'no');
    expectMatch('-A X -p all -j ACCEPT', udp53(), 'yes');
    expectMatch('-A X -p 6 -j ACCEPT', tcp22(), 'yes');
    expectMatch('-A X ! -p tcp -j ACCEPT', tcp22(), 'no');
    expectMatch('-A X ! -p tcp -j ACCEPT', ping(), 'yes');
  });

  it('-s/-d: hosts, CIDRs, negation; a name is unknown, not a match', () => {
    expectMatch('-A X -s 172.24.4.0/24 -j ACCEPT', tcp22(), 'yes');
    expectMatch('-A X -s 10.0.0.2/32 -j ACCEPT', tcp22(), 'no');
    expectMatch('-A X -d 10.0.0.3/32 -j ACCEPT', tcp22(), 'yes');
    expectMatch('-A X ! -d 10.0.0.0/8 -j ACCEPT', tcp22(), 'no');
    expectMatch('-A X ! -s 10.0.0.0/8 -j ACCEPT', tcp22(), 'yes');
    expectMatch('-A X -s 0.0.0.0/32 -d 255.255.255.255/32 -j RETURN', tcp22(), 'no');
    expectMatch('-A X -s controller -j ACCEPT', tcp22(), 'unknown');
  });

  it('-i/-o: names, the + wildcard, ! (the L3 agent\'s POSTROUTING rule), and an interface the hop does not know', () => {
    const r = '-A neutron-l3-agent-POSTROUTING ! -i qg-d4b9de27-b2 ! -o qg-d4b9de27-b2 -m conntrack ! --ctstate DNAT -j ACCEPT';
    expectMatch(r, tcp22({ inInterface: 'qr-f618159e-b5', outInterface: 'qr-aaaaaaaa-aa' }), 'yes');
    expectMatch(r, tcp22({ inInterface: 'qr-f618159e-b5', outInterface: 'qg-d4b9de27-b2' }), 'no');
    expectMatch(r, tcp22({ inInterface: 'qr-f618159e-b5', outInterface: 'qr-aaaaaaaa-aa', ctDnat: true }), 'no');
    expectMatch('-A X -i qr-+ -j ACCEPT', tcp22({ inInterface: 'qr-f618159e-b5' }), 'yes');
    expectMatch('-A X -i qr-+ -j ACCEPT', tcp22({ inInterface: 'qg-d4b9de27-b2' }), 'no');
    expectMatch('-A X -i qr-+ -j ACCEPT', tcp22(), 'unknown');
  });

  it('--sport/--dport (tcp, udp), ranges, and multiport --dports', () => {
    expectMatch('-A X -p tcp -m tcp --dport 22 -j RETURN', tcp22(), 'yes');
    expectMatch('-A X -p tcp -m tcp --dport 22 -j RETURN', tcp22({ dport: 80 }), 'no');
    expectMatch('-A X -s 10.0.0.2/32 -p udp -m udp --sport 67 --dport 68 -j RETURN', udp53(), 'no');
    expectMatch('-A X -p udp -m udp --sport 67 --dport 68 -j RETURN', { ...udp53({ sport: 67, dport: 68 }) }, 'yes');
    expectMatch('-A X -p tcp -m tcp --dport 1024:65535 -j RETURN', tcp22({ dport: 2000 }), 'yes');
    expectMatch('-A X -p tcp -m tcp --sport 1: -j RETURN', tcp22(), 'yes');
    expectMatch('-A X -p tcp -m multiport --dports 22,80,8000:8100 -j ACCEPT', tcp22({ dport: 8050 }), 'yes');
    expectMatch('-A X -p tcp -m multiport --dports 80,443 -j ACCEPT', tcp22(), 'no');
    expectMatch('-A X -p tcp -m tcp ! --dport 22 -j ACCEPT', tcp22(), 'no');
  });

  it('--icmp-type by number and name', () => {
    expectMatch('-A X -p icmp -m icmp --icmp-type 8 -j RETURN', ping(), 'yes');
    expectMatch('-A X -p icmp -m icmp --icmp-type echo-request -j RETURN', ping(), 'yes');
    expectMatch('-A X -p icmp -m icmp --icmp-type 8 -j RETURN', replyTo(ping()), 'no');
    expectMatch('-A X -p icmp -m icmp --icmp-type any -j RETURN', replyTo(ping()), 'yes');
  });

  it('physdev: --physdev-in/--physdev-out and --physdev-is-bridged', () => {
    const out = '-A neutron-openvswi-sg-chain -m physdev --physdev-out tap3bb3cb9f-d5 --physdev-is-bridged -m comment --comment "Jump to the VM specific chain." -j neutron-openvswi-i3bb3cb9f-d';
    expectMatch(out, tcp22({ physdevIn: 'qvb3bb3cb9f-d5', physdevOut: 'tap3bb3cb9f-d5', bridged: true }), 'yes');
    expectMatch(out, tcp22({ physdevIn: 'tap3bb3cb9f-d5', physdevOut: 'qvb3bb3cb9f-d5', bridged: true }), 'no');
    expectMatch(out, tcp22({ physdevIn: null, physdevOut: 'tap3bb3cb9f-d5', bridged: false }), 'no');
    expectMatch(out, tcp22(), 'unknown');
  });

  it('state and conntrack --ctstate (NEW, ESTABLISHED, INVALID, ! DNAT)', () => {
    const assoc = '-A X -m state --state RELATED,ESTABLISHED -m comment --comment "Direct packets associated with a known session to the RETURN chain." -j RETURN';
    expectMatch(assoc, tcp22(), 'no');
    expectMatch(assoc, replyTo(tcp22()), 'yes');
    expectMatch('-A X -m state --state INVALID -j DROP', tcp22({ ctState: 'INVALID' }), 'yes');
    expectMatch('-A X -m conntrack --ctstate NEW -j ACCEPT', tcp22(), 'yes');
    expectMatch('-A X -m conntrack --ctstate DNAT -j SNAT --to-source 172.24.4.10', tcp22({ ctDnat: true }), 'yes');
    expectMatch('-A X -m conntrack ! --ctstate DNAT -j ACCEPT', tcp22({ ctDnat: true }), 'no');
  });

  it('mac --mac-source (case-insensitive, as the captures write it upper case)', () => {
    const r = '-A X -s 10.0.0.3/32 -m mac --mac-source FA:16:3E:2D:84:1C -m comment --comment "Allow traffic from defined IP/MAC pairs." -j RETURN';
    const fromVm = newPacket('tcp', '10.0.0.3', '8.8.8.8', 53);
    expectMatch(r, { ...fromVm, srcMac: 'fa:16:3e:2d:84:1c' }, 'yes');
    expectMatch(r, { ...fromVm, srcMac: 'fa:16:3e:00:00:01' }, 'no');
    expectMatch(r, fromVm, 'unknown');
  });

  it('mark and connmark --mark with masks and !', () => {
    expectMatch('-A X -m mark --mark 0x1/0xffff -j ACCEPT', tcp22({ mark: 0x10001 }), 'yes');
    expectMatch('-A X -m mark --mark 0x1/0xffff -j ACCEPT', tcp22(), 'no');
    expectMatch('-A X -m mark ! --mark 0x2/0xffff -m conntrack --ctstate DNAT -j SNAT --to-source 172.24.4.10', tcp22({ ctDnat: true }), 'yes');
    expectMatch('-A X -m mark ! --mark 0x2/0xffff -m conntrack --ctstate DNAT -j SNAT --to-source 172.24.4.10', tcp22({ ctDnat: true, mark: 2 }), 'no');
    expectMatch('-A X -m connmark --mark 0x0/0xffff0000 -j CONNMARK --save-mark --nfmask 0xffff0000 --ctmask 0xffff0000', tcp22({ mark: 0x10000 }), 'yes');
    expectMatch('-A X -m connmark ! --mark 0x0/0xffff0000 -j CONNMARK --restore-mark --nfmask 0xffff0000 --ctmask 0xffff0000', tcp22({ connmark: 0x20000 }), 'yes');
  });

  it('set --match-set: members when the snapshot holds the set, unknown when it does not', () => {
    const r = rule('-A X -m set --match-set NIPv4abc src -j RETURN');
    assert.equal(matchRule(r, tcp22()).result, 'unknown');
    assert.match(matchRule(r, tcp22()).reason ?? '', /ipset NIPv4abc/);
    assert.equal(matchRule(r, tcp22(), { ipsets: new Map([['NIPv4abc', ['172.24.4.0/24']]]) }).result, 'yes');
    assert.equal(matchRule(r, tcp22(), { ipsets: new Map([['NIPv4abc', ['10.0.0.5']]]) }).result, 'no');
  });

  it('comment only: always matches', () => {
    expectMatch('-A X -m comment --comment "Default drop rule for unmatched traffic." -j DROP', udp53(), 'yes');
  });

  it('an unknown match module or option is unknown, never a silent match', () => {
    expectMatch('-A X -p tcp -m limit --limit 5/min -j ACCEPT', tcp22(), 'unknown');
    expectMatch('-A X -p tcp -m tcp --tcp-flags SYN,RST SYN -j ACCEPT', tcp22(), 'unknown');
    expectMatch('-A X -p tcp -m tcp --syn -j ACCEPT', tcp22(), 'unknown');
    expectMatch('-A X -m conntrack --ctorigdst 10.0.0.3 -j ACCEPT', tcp22(), 'unknown');
    assert.deepEqual(unsupportedParts(rule('-A X -p tcp -m limit --limit 5/min -m tcp --dport 22 -j ACCEPT')), ['-m limit', '--limit']);
    // ... but a failed known condition still rules the rule out
    expectMatch('-A X -p udp -m limit --limit 5/min -j ACCEPT', tcp22(), 'no');
  });

  it('every rule of every iptables-save capture is decided or named unknown for a reason (no throw)', () => {
    for (const name of ['iptables-filter-12.txt', 'iptables-filter-13.txt', 'iptables-filter-7.txt', 'iptables-filter-9.txt', 'iptables-nat-4.txt', 'iptables-nat-5.txt', 'iptables-nat-6.txt', 'iptables-nat-7.txt', 'iptables-nat-9.txt']) {
      const dump = captureDump(name, name.includes('nat') ? 'nat' : 'filter');
      for (const t of dump.tables) for (const c of t.chains) for (const r of c.rules) {
        const m = matchRule(r, tcp22({ inInterface: 'qr-x', outInterface: 'qg-x', physdevIn: null, physdevOut: null, bridged: false, srcMac: 'fa:16:3e:00:00:01' }));
        if (m.result === 'unknown') assert.ok(m.reason, `${name}: ${r.raw}`);
        assert.deepEqual(unsupportedParts(r), [], `${name}: every option of ${r.raw} is understood`);
      }
    }
  });
});

describe('rule evaluator: `iptables -L` listings', () => {
  it('reads service-named ports, PHYSDEV and state of the Havana and yeasy listings', () => {
    const chain = table(captureListDump('iptables-filter-2.txt'), 'filter').chains[0];
    assert.ok(chain);
    const ssh = chain.rules.find((r) => r.destinationPorts === 'ssh');
    assert.ok(ssh, 'the listing has a dpt:ssh rule');
    assert.equal(matchRule(ssh, tcp22()).result, 'yes');
    assert.equal(matchRule(ssh, tcp22({ dport: 23 })).result, 'no');
    const forward = table(captureListDump('iptables-filter-15.txt'), 'filter');
    const physdev = forward.chains.flatMap((c) => c.rules).find((r) => r.physdevOut === 'tap583c7038-d3' && r.physdevIsBridged);
    assert.ok(physdev);
    assert.equal(matchRule(physdev, tcp22({ physdevIn: 'qvb583c7038-d3', physdevOut: 'tap583c7038-d3', bridged: true })).result, 'yes');
    const mac = table(captureListDump('iptables-filter-16.txt'), 'filter').chains.flatMap((c) => c.rules).find((r) => r.macSource !== null);
    assert.ok(mac);
    assert.equal(matchRule(mac, { ...newPacket('udp', mac.source?.replace('/32', '') ?? '', '8.8.8.8', 53), srcMac: mac.macSource }).result, 'yes');
  });

  it('multiport dports of a listing', () => {
    const rules = table(captureListDump('iptables-filter-16.txt'), 'filter').chains.flatMap((c) => c.rules);
    const mp = rules.find((r) => (r.matches ?? []).includes('multiport'));
    assert.ok(mp, 'the yeasy INPUT listing has a multiport rule');
    const port = Number((mp.destinationPorts ?? '').replace(/^!/, '').split(/[,:]/)[0]);
    assert.equal(matchRule(mp, { ...newPacket('tcp', '192.168.122.100', '10.0.0.1', port), inInterface: 'eth0' }).result, 'yes');
    assert.equal(matchRule(mp, { ...newPacket('tcp', '192.168.122.100', '10.0.0.1', 22), inInterface: 'eth0' }).result, 'no');
    const save = table(captureDump('iptables-filter-12.txt'), 'filter').chains.flatMap((c) => c.rules).find((r) => (r.matches ?? []).includes('multiport'));
    assert.ok(save);
    assert.equal(matchRule(save, tcp22()).result, 'yes');
  });
});
