import { strict as assert } from 'node:assert';
import { ParseError } from '../../../src/core/parse/errors';
import { parseIptablesAuto, parseIptablesSave } from '../../../src/core/parse/iptables';
import { tokenize } from '../../../src/core/parse/iptables-tokens';
import type { IptablesChain, IptablesDump, IptablesRule } from '../../../src/core/parse/types';
import { captureFiles, loadCapture } from '../helpers/captures';

function chain(dump: IptablesDump, name: string, table = 'filter'): IptablesChain {
  const t = dump.tables.find((x) => x.name === table);
  assert.ok(t, `table ${table} missing`);
  const c = t.chains.find((x) => x.name === name);
  assert.ok(c, `chain ${table}/${name} missing`);
  return c;
}

const targets = (c: IptablesChain) => c.rules.map((r) => r.target);
const allRules = (d: IptablesDump): IptablesRule[] => d.tables.flatMap((t) => t.chains.flatMap((c) => c.rules));

/** [floating, fixed] pairs from DNAT rules, as the model derives floating IPs. */
const dnatPairs = (d: IptablesDump) =>
  allRules(d).filter((r) => r.target === 'DNAT').map((r) => [r.destination?.replace(/\/32$/, ''), r.targetOptions['--to-destination']]);

describe('parseIptablesSave over the iptables-save / -S captures', () => {
  const saveFiles = [
    'iptables-filter-7.txt', 'iptables-filter-9.txt', 'iptables-filter-12.txt', 'iptables-filter-13.txt',
    'iptables-nat-4.txt', 'iptables-nat-5.txt', 'iptables-nat-6.txt', 'iptables-nat-7.txt', 'iptables-nat-9.txt',
  ];
  const listFiles = [
    'iptables-filter-2.txt', 'iptables-filter-5.txt', 'iptables-filter-10.txt', 'iptables-filter-15.txt',
    'iptables-filter-16.txt', 'iptables-filter-17.txt', 'iptables-nat-1.txt',
  ];

  it('every iptables capture is either save/-S (here) or -L (iptables-list.test.ts), and auto picks the right one', () => {
    const all = [...captureFiles('iptables-filter-'), ...captureFiles('iptables-nat-')].sort();
    assert.deepEqual(all, [...saveFiles, ...listFiles].sort());
    for (const f of saveFiles) assert.deepEqual(parseIptablesAuto(loadCapture(f)), parseIptablesSave(loadCapture(f)), f);
  });

  it('iptables-filter-12.txt: Havana filter table with policies, counters, SG chains and fields', () => {
    const d = parseIptablesSave(loadCapture('iptables-filter-12.txt'), 'iptables-save');
    assert.deepEqual(d.tables.map((t) => t.name), ['filter']);
    assert.equal(d.tables[0].chains.length, 13);
    const input = chain(d, 'INPUT');
    assert.deepEqual([input.policy, input.counters], ['ACCEPT', { packets: 1247508, bytes: 199602603 }]);
    assert.equal(chain(d, 'neutron-openvswi-sg-chain').policy, null);
    const inbound = chain(d, 'neutron-openvswi-i6bc18a88-9');
    assert.deepEqual(targets(inbound), ['DROP', 'RETURN', 'RETURN', 'RETURN', 'RETURN', 'neutron-openvswi-sg-fallback']);
    assert.deepEqual(inbound.rules[1].states, ['RELATED', 'ESTABLISHED']);
    assert.deepEqual([inbound.rules[2].protocol, inbound.rules[2].destinationPorts, inbound.rules[2].matches], ['tcp', '1:65535', ['tcp', 'multiport']]);
    const dhcp = inbound.rules[4];
    assert.deepEqual([dhcp.source, dhcp.protocol, dhcp.sourcePorts, dhcp.destinationPorts], ['10.10.10.3/32', 'udp', '67', '68']);
    const spoof = chain(d, 'neutron-openvswi-s6bc18a88-9').rules[0];
    assert.deepEqual([spoof.source, spoof.macSource, spoof.target], ['10.10.10.2/32', 'FA:16:3E:31:E3:11', 'RETURN']);
    const dispatch = chain(d, 'neutron-openvswi-sg-chain').rules[0];
    assert.deepEqual([dispatch.physdevOut, dispatch.physdevIsBridged, dispatch.target], ['tap6bc18a88-96', true, 'neutron-openvswi-i6bc18a88-9']);
    assert.equal(dispatch.raw, '-A neutron-openvswi-sg-chain -m physdev --physdev-out tap6bc18a88-96 --physdev-is-bridged -j neutron-openvswi-i6bc18a88-9');
  });

  it('iptables-filter-13.txt: version from the header, FWaaS chains truncated to 28 chars, cut before COMMIT', () => {
    const d = parseIptablesSave(loadCapture('iptables-filter-13.txt'));
    assert.deepEqual([d.version, d.variant], ['1.4.12', null]);
    const fwd = chain(d, 'neutron-l3-agent-FORWARD');
    assert.deepEqual(fwd.rules.map((r) => [r.inInterface, r.outInterface, r.target]), [
      [null, 'qr-+', 'neutron-l3-agent-iv480daec7b'], ['qr-+', null, 'neutron-l3-agent-ov480daec7b'],
      [null, 'qr-+', 'neutron-l3-agent-fwaas-defau'], ['qr-+', null, 'neutron-l3-agent-fwaas-defau'],
    ]);
    const meta = chain(d, 'neutron-l3-agent-INPUT').rules[0];
    assert.deepEqual([meta.destination, meta.destinationPorts, meta.target], ['127.0.0.1/32', '8775', 'ACCEPT']);
  });

  it('iptables-filter-7.txt: grep-filtered -S with quoted comments, header-less = filter', () => {
    const d = parseIptablesSave(loadCapture('iptables-filter-7.txt'));
    assert.deepEqual(d.tables.map((t) => t.name), ['filter']);
    const sg = chain(d, 'neutron-openvswi-sg-chain');
    assert.deepEqual(sg.rules.map((r) => r.comment), ['Jump to the VM specific chain.', 'Jump to the VM specific chain.']);
    assert.deepEqual(sg.rules.map((r) => r.target), ['neutron-openvswi-i7060060e-2', 'neutron-openvswi-o7060060e-2']);
    assert.equal(chain(d, 'neutron-openvswi-FORWARD').rules[0].comment, 'Direct traffic from the VM interface to the security group chain.');
  });

  it('iptables-filter-9.txt: quantum-* chains and the trailing space of iptables 1.4 -S', () => {
    const d = parseIptablesSave(loadCapture('iptables-filter-9.txt'));
    const r = chain(d, 'quantum-openvswi-INPUT').rules[0];
    assert.equal(r.target, 'quantum-openvswi-o7c7ae61e-0');
    assert.equal(r.physdevIn, 'tap7c7ae61e-05');
    assert.ok(!r.raw.endsWith(' '));
  });

  it('iptables-nat-4.txt: VPNaaS agent nat -S, floating IP 9.186.100.129 <-> 10.0.0.2, negated ctstate', () => {
    const d = parseIptablesSave(loadCapture('iptables-nat-4.txt'), 'iptables -t nat -S', 'nat');
    assert.deepEqual(d.tables.map((t) => t.name), ['nat']);
    assert.equal(chain(d, 'PREROUTING', 'nat').policy, 'ACCEPT');
    assert.deepEqual(dnatPairs(d), [['9.186.100.129', '10.0.0.2'], ['9.186.100.129', '10.0.0.2']]);
    const snat = chain(d, 'neutron-vpn-agen-float-snat', 'nat').rules[0];
    assert.deepEqual([snat.source, snat.target, snat.targetOptions], ['10.0.0.2/32', 'SNAT', { '--to-source': '9.186.100.129' }]);
    const post = chain(d, 'neutron-vpn-agen-POSTROUTING', 'nat').rules[0];
    assert.deepEqual([post.inInterface, post.outInterface, post.states, post.statesNegated], ['!qg-e76de35e-90', '!qg-e76de35e-90', ['DNAT'], true]);
    const redirect = chain(d, 'neutron-vpn-agen-PREROUTING', 'nat').rules[0];
    assert.deepEqual([redirect.inInterface, redirect.destinationPorts, redirect.targetOptions], [null, '80', { '--to-ports': '9697' }]);
  });

  it('iptables-nat-5.txt: DVR FIP keyed on rfp-, metadata REDIRECT with -i qr-+, SNAT comment', () => {
    const d = parseIptablesSave(loadCapture('iptables-nat-5.txt'));
    assert.deepEqual(dnatPairs(d), [['203.0.113.11', '192.168.10.4'], ['203.0.113.11', '192.168.10.4']]);
    assert.equal(chain(d, 'neutron-l3-agent-PREROUTING').rules[0].inInterface, 'qr-+');
    assert.equal(chain(d, 'neutron-postrouting-bottom').rules[0].comment, 'Perform source NAT on outgoing traffic.');
  });

  it('iptables-nat-6.txt and -9.txt: gateway SNAT and ! --mark 0x2/0xffff, no floating IPs', () => {
    for (const [file, gw, dev] of [['iptables-nat-6.txt', '10.0.0.152', 'qg-ed634bc6-87'], ['iptables-nat-9.txt', '203.0.113.10', 'qg-2d0bd3e5-d1']]) {
      const d = parseIptablesSave(loadCapture(file));
      assert.deepEqual(dnatPairs(d), [], file);
      const snat = chain(d, 'neutron-l3-agent-snat').rules.filter((r) => r.target === 'SNAT');
      assert.deepEqual(snat.map((r) => [r.outInterface, r.mark, r.states, r.targetOptions['--to-source']]), [
        [dev, null, null, gw],
        [null, '! 0x2/0xffff', ['DNAT'], gw],
      ], file);
    }
  });

  it('iptables-nat-7.txt: Grizzly quantum-l3-agent, no nat INPUT, floating 172.24.4.228 <-> 10.1.0.2', () => {
    const d = parseIptablesSave(loadCapture('iptables-nat-7.txt'));
    assert.deepEqual(d.tables[0].chains.slice(0, 3).map((c) => c.name), ['PREROUTING', 'POSTROUTING', 'OUTPUT']);
    assert.deepEqual(dnatPairs(d), [['172.24.4.228', '10.1.0.2'], ['172.24.4.228', '10.1.0.2']]);
    assert.deepEqual(targets(chain(d, 'quantum-l3-agent-snat')), ['quantum-l3-agent-float-snat', 'SNAT']);
  });
});

describe('parseIptablesSave variations', () => {
  const modern = [
    '# Generated by iptables-save v1.8.7 (nf_tables) on Mon Nov 30 03:00:00 2026',
    '*raw',
    ':PREROUTING ACCEPT [10:800]',
    ':OUTPUT ACCEPT [5:400]',
    'COMMIT',
    '# Completed on Mon Nov 30 03:00:00 2026',
    '# Generated by iptables-save v1.8.7 (nf_tables) on Mon Nov 30 03:00:00 2026',
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':neutron-openvswi-sg-chain - [0:0]',
    '[12:3456] -A INPUT -s 10.0.0.0/8 ! -d 10.0.0.1/32 -i eth0 -p tcp -m conntrack --ctstate NEW,ESTABLISHED -m tcp --sport 1024:65535 --dport 22 -m comment --comment "ssh \\"admin\\" access, rule #1" -j ACCEPT',
    '-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT',
    '-A INPUT -m set --match-set NIPv4f0e3c1a2-b4d5-4e6f-8a9b-0c1d2e3f4a5b src -j RETURN',
    '-A INPUT -m set ! --match-set blocked dst -j DROP',
    '-A INPUT -p udp -m multiport --dports 53,67:68 -j REJECT --reject-with icmp-port-unreachable',
    '-A INPUT -m physdev --physdev-in tap1 ! --physdev-is-bridged -g neutron-openvswi-sg-chain',
    '-A INPUT -j MARK --set-xmark 0x4000000/0xffff0000',
    '-A INPUT -j LOG --log-prefix "-dropped: " --log-level 4',
    '-A INPUT -j CT --notrack',
    '-A INPUT -m mark --mark 0x1 -j ACCEPT',
    '-A INPUT -c 7 700 -j DROP',
    'COMMIT',
  ].join('\n');

  it('reads version, variant, several tables, counters and every rule field', () => {
    const d = parseIptablesSave(modern, 'iptables-save');
    assert.deepEqual([d.version, d.variant], ['1.8.7', 'nf_tables']);
    assert.deepEqual(d.tables.map((t) => t.name), ['raw', 'filter']);
    assert.deepEqual(chain(d, 'PREROUTING', 'raw').counters, { packets: 10, bytes: 800 });
    const [ssh, icmp, set, negSet, multi, physdev, mark, log, ct, markMatch, counted] = chain(d, 'INPUT').rules;
    assert.deepEqual(
      [ssh.source, ssh.destination, ssh.inInterface, ssh.protocol, ssh.states, ssh.statesNegated, ssh.sourcePorts, ssh.destinationPorts, ssh.target],
      ['10.0.0.0/8', '!10.0.0.1/32', 'eth0', 'tcp', ['NEW', 'ESTABLISHED'], false, '1024:65535', '22', 'ACCEPT'],
    );
    assert.equal(ssh.comment, 'ssh "admin" access, rule #1');
    assert.deepEqual(ssh.counters, { packets: 12, bytes: 3456 });
    assert.ok(ssh.raw.startsWith('-A INPUT -s 10.0.0.0/8'));
    assert.equal(icmp.icmpType, '8');
    assert.equal(set.ipset, 'NIPv4f0e3c1a2-b4d5-4e6f-8a9b-0c1d2e3f4a5b src');
    assert.equal(negSet.ipset, '! blocked dst');
    assert.deepEqual([multi.destinationPorts, multi.targetOptions], ['53,67:68', { '--reject-with': 'icmp-port-unreachable' }]);
    assert.deepEqual([physdev.physdevIn, physdev.physdevIsBridged, physdev.goto, physdev.target], ['tap1', false, true, 'neutron-openvswi-sg-chain']);
    assert.deepEqual(mark.targetOptions, { '--set-xmark': '0x4000000/0xffff0000' });
    assert.deepEqual(log.targetOptions, { '--log-prefix': '-dropped: ', '--log-level': '4' });
    assert.deepEqual(ct.targetOptions, { '--notrack': '' });
    assert.equal(markMatch.mark, '0x1');
    assert.deepEqual(counted.counters, { packets: 7, bytes: 700 });
  });

  it('reads -S with -P/-N lines and (legacy) variant; header-less input is filter', () => {
    const d = parseIptablesSave('-P INPUT DROP\n-P FORWARD ACCEPT -c 5 10\n-N neutron-filter-top\n-A INPUT -j neutron-filter-top \n');
    assert.deepEqual(d.tables.map((t) => t.name), ['filter']);
    assert.deepEqual(d.tables[0].chains.map((c) => [c.name, c.policy]), [['INPUT', 'DROP'], ['FORWARD', 'ACCEPT'], ['neutron-filter-top', null]]);
    assert.deepEqual(chain(d, 'FORWARD').counters, { packets: 5, bytes: 10 });
    assert.equal(parseIptablesSave('# Generated by iptables-save v1.8.4 (legacy) on x\n*filter\nCOMMIT\n').variant, 'legacy');
  });

  it('keeps hostile comment text and `__proto__` target options as plain data', () => {
    const d = parseIptablesSave('-A X -m comment --comment "$(touch PWNED); x\';id;\'" -j DNAT --__proto__ 1 --to-destination 10.0.0.5\n');
    const [r] = chain(d, 'X').rules;
    assert.equal(r.comment, "$(touch PWNED); x';id;'");
    assert.equal(r.targetOptions['--to-destination'], '10.0.0.5');
    assert.equal(Object.getPrototypeOf(r.targetOptions), Object.prototype);
  });

  it('tolerates a truncated last rule (open quote, missing target)', () => {
    const d = parseIptablesSave('-A X -m comment --comment "half\n-A Y -j');
    assert.equal(chain(d, 'X').rules[0].comment, 'half');
    assert.equal(chain(d, 'Y').rules[0].target, null);
  });

  it('rejects garbage with a ParseError naming source and line', () => {
    assert.throws(() => parseIptablesSave('*filter\n:INPUT ACCEPT [0:0]\niptables: Permission denied (you must be root)\n', 'iptables-save (qrouter-x)'), (e: unknown) => {
      return e instanceof ParseError && e.source === 'iptables-save (qrouter-x)' && e.line === 3;
    });
    assert.throws(() => parseIptablesSave('[1:2 -A X -j DROP'), ParseError);
    assert.throws(() => parseIptablesSave('-A'), ParseError);
  });
});

describe('iptables tokenizer', () => {
  it('splits on blanks, groups quotes, unescapes, and marks quoted words', () => {
    const quoted: number[] = [];
    assert.deepEqual(tokenize('-A X  -m comment --comment "a  b \\"c\\" \\\\" -j DROP ', 0, quoted), ['-A', 'X', '-m', 'comment', '--comment', 'a  b "c" \\', '-j', 'DROP']);
    assert.deepEqual(quoted, [5]);
    assert.deepEqual(tokenize('-A X\t--log-prefix "-in: "\r', 0), ['-A', 'X', '--log-prefix', '-in: ']);
    assert.deepEqual(tokenize('-A X --opt=a"b c"d', 0), ['-A', 'X', '--opt=ab cd']);
    assert.deepEqual(tokenize('[1:2] -A X -j DROP', 6), ['-A', 'X', '-j', 'DROP']);
  });
});
