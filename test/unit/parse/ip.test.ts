import { strict as assert } from 'node:assert';
import { ParseError } from '../../../src/core/parse/errors';
import { parseIpJson, parseIpText, parseNetnsListId } from '../../../src/core/parse/ip';
import type { IpLink } from '../../../src/core/parse/types';
import { captureFiles, loadCapture } from '../helpers/captures';

function byName(links: readonly IpLink[], name: string): IpLink {
  const link = links.find((l) => l.name === name);
  assert.ok(link, `device ${name} not found in ${links.map((l) => l.name).join(', ')}`);
  return link;
}

const v4 = (l: IpLink) => l.addresses.filter((a) => a.family === 'inet').map((a) => `${a.address}/${a.prefixLength}`);

describe('parseIpText over every ip-addr capture', () => {
  // name → [ifindex, IPv4 addresses] per capture: every device of every file is checked.
  const expected: Record<string, Record<string, [number, string[]]>> = {
    'ip-addr-2.txt': { 'qvo7060060e-21': [17, []], 'qvb7060060e-21': [18, []] },
    'ip-addr-3.txt': { lo: [1, ['127.0.0.1/8']], 'fpr-dd6481d3-c': [2, ['169.254.31.29/31']], 'fg-50b88d31-14': [15, ['203.0.113.12/24']] },
    'ip-addr-4.txt': { 'tap1b197b45-16': [9, ['10.0.0.2/24']], lo: [10, ['127.0.0.1/8']] },
    'ip-addr-5.txt': { 'tape6256f7d-31': [10, ['10.0.1.100/24', '169.254.169.254/16']], lo: [28, ['127.0.0.1/8']] },
    'ip-addr-6.txt': { 'ns-f14c598d-98': [71, ['10.1.0.3/24']] },
    'ip-addr-9.txt': { lo: [1, ['127.0.0.1/8']], 'tapfb358342-59': [52, ['10.0.0.250/24']] },
    'ip-addr-10.txt': { lo: [1, ['127.0.0.1/8']], 'qr-694450d6-f6': [49, ['10.0.0.1/24']], 'qg-e76de35e-90': [50, ['9.186.100.2/24', '9.186.100.129/32']] },
    'ip-addr-11.txt': { lo: [1, ['127.0.0.1/8']], 'rfp-dd6481d3-c': [2, ['169.254.31.28/31', '203.0.113.11/32']], 'qr-e97ad7a4-64': [14, ['192.168.10.1/24']] },
    'ip-addr-12.txt': {
      lo: [1, ['127.0.0.1/8']], 'ha-eb820380-40': [2, ['169.254.192.1/18', '169.254.0.1/24']],
      'qr-da3504ad-ba': [3, ['198.51.100.1/24']], 'qr-442e36eb-fc': [4, []], 'qg-33fedbc5-43': [5, ['203.0.113.21/24']],
    },
    'ip-addr-13.txt': { lo: [1, ['127.0.0.1/8']], 'ha-7a7ce184-36': [2, ['169.254.192.2/18']], 'qr-da3504ad-ba': [3, []], 'qr-442e36eb-fc': [4, []], 'qg-33fedbc5-43': [5, []] },
    'ip-addr-14.txt': { lo: [1, ['127.0.0.1/8']], 'qr-b13b21d8-97': [11, ['192.168.1.1/24']], 'qg-12fd2ded-6d': [12, ['203.0.113.101/24', '203.0.113.102/32']] },
    'ip-addr-15.txt': { lo: [1, ['127.0.0.1/8']], 'qr-5bab859c-e3': [10, ['172.24.0.1/24']], 'qg-ed634bc6-87': [11, ['10.0.0.152/24']] },
    'ip-addr-16.txt': { lo: [18, ['127.0.0.1/8']], 'qr-54c9cd83-43': [19, ['10.0.0.1/24']], 'qg-77e0666b-cd': [20, ['192.168.27.130/28']] },
    'ip-addr-17.txt': { lo: [11, ['127.0.0.1/8']], 'qr-0d5ea29d-36': [12, ['10.0.0.1/24']], 'qg-411a1cf8-f4': [13, ['172.24.4.226/28', '172.24.4.227/32']] },
    'ip-addr-18.txt': { lo: [1, ['127.0.0.1/8']], 'qr-745bc525-6f': [2, ['172.16.1.1/24']], 'qg-191d5c4f-cc': [3, ['10.0.0.108/24', '10.0.0.109/32']] },
    'ip-addr-19.txt': { 'qg-d48b49e0-aa': [66, ['172.24.4.227/28', '172.24.4.228/32']], 'qr-c2d7dd02-56': [68, ['10.1.0.1/24']] },
    'ip-addr-21.txt': { lo: [1, ['127.0.0.1/8']], 'sg-f69e692f-93': [23, ['192.168.10.3/24']], 'qg-2d0bd3e5-d1': [24, ['203.0.113.10/24']] },
    'ip-addr-28.txt': { 'vxlan-58': [7, []] },
  };

  it('has an expectation for every ip-addr capture file', () => {
    assert.deepEqual(captureFiles('ip-addr-'), Object.keys(expected).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
  });

  for (const [file, devices] of Object.entries(expected)) {
    it(`${file}: devices, indexes and IPv4 addresses`, () => {
      const links = parseIpText(loadCapture(file), file);
      assert.deepEqual(links.map((l) => l.name), Object.keys(devices));
      for (const [name, [index, addrs]] of Object.entries(devices)) {
        const l = byName(links, name);
        assert.equal(l.index, index, `${name} index`);
        assert.deepEqual(v4(l), addrs, `${name} addresses`);
      }
    });
  }

  it('reads name@ifNN plus link-netnsid as a peer in another namespace (L3-HA master)', () => {
    const ha = byName(parseIpText(loadCapture('ip-addr-12.txt')), 'ha-eb820380-40');
    assert.equal(ha.peer, 'if21');
    assert.equal(ha.linkIndex, 21);
    assert.equal(ha.linkNetnsId, 0);
    assert.equal(ha.mtu, 1450);
    assert.equal(ha.state, 'UP');
    assert.equal(ha.mac, 'fa:16:3e:78:ba:99');
  });

  it('reads name@peer in the same namespace and resolves the peer ifindex and master', () => {
    const links = parseIpText(loadCapture('ip-addr-2.txt'));
    const qvo = byName(links, 'qvo7060060e-21');
    const qvb = byName(links, 'qvb7060060e-21');
    assert.equal(qvo.peer, 'qvb7060060e-21');
    assert.equal(qvo.linkIndex, 18);
    assert.equal(qvo.linkNetnsId, null);
    assert.equal(qvo.master, 'ovs-system');
    assert.equal(qvb.master, 'qbr7060060e-21');
    assert.ok(qvo.flags.includes('PROMISC'));
  });

  it('OVS internal ports moved into a namespace have no peer (qlen 1 on every device)', () => {
    const qg = byName(parseIpText(loadCapture('ip-addr-15.txt')), 'qg-ed634bc6-87');
    assert.equal(qg.peer, null);
    assert.equal(qg.linkIndex, null);
    assert.equal(qg.linkNetnsId, null);
    assert.equal(qg.mac, 'fa:16:3e:15:99:dc');
  });

  it('keeps the trailing-space state of old iproute2 clean and loopback without MAC', () => {
    const links = parseIpText(loadCapture('ip-addr-11.txt'));
    assert.equal(byName(links, 'qr-e97ad7a4-64').state, 'UNKNOWN');
    assert.equal(byName(links, 'lo').mac, null);
    assert.equal(byName(links, 'lo').linkType, 'loopback');
    const v6 = byName(links, 'rfp-dd6481d3-c').addresses.find((a) => a.family === 'inet6');
    assert.deepEqual(v6, { family: 'inet6', address: 'fe80::80de:1bff:fe13:37d8', prefixLength: 64, scope: 'link', broadcast: null });
  });

  it('reads ip -d link kind and slave kind lines (vxlan + bridge_slave)', () => {
    const [vx] = parseIpText(loadCapture('ip-addr-28.txt'));
    assert.equal(vx.kind, 'vxlan');
    assert.equal(vx.slaveKind, 'bridge_slave');
    assert.equal(vx.master, 'brqdc61d555-2a');
  });

  it('skips the pasted `$ sudo ip net exec …` prompt line (ip-addr-10)', () => {
    assert.ok(loadCapture('ip-addr-10.txt').startsWith('$ sudo'));
    assert.equal(parseIpText(loadCapture('ip-addr-10.txt')).length, 3);
  });

  it('keeps the device order as listed (tap before lo, out of ifindex order)', () => {
    assert.deepEqual(parseIpText(loadCapture('ip-addr-4.txt')).map((l) => l.index), [9, 10]);
  });
});

describe('parseIpText variations', () => {
  it('reads iproute2 6.x -d link: double spaces, kind lines, altname, openvswitch_slave', () => {
    const text = [
      '5: qvo1@qvb1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master ovs-system state UP mode DEFAULT group default qlen 1000',
      '    link/ether 2a:1b:00:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 1  allmulti 0 minmtu 68 maxmtu 65535 ',
      '    veth ',
      '    openvswitch_slave addrgenmode eui64 numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 ',
      '    altname enp0s5',
      '6: qvb1@qvo1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master qbr1 state UP mode DEFAULT group default qlen 1000',
      '    link/ether 2a:1b:00:00:00:02 brd ff:ff:ff:ff:ff:ff promiscuity 1  allmulti 0 minmtu 68 maxmtu 65535 ',
      '    veth ',
      '    bridge_slave state forwarding priority 32 cost 2 hairpin off guard off ',
      '...',
      '9: ovs-system: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000',
      '    link/ether 9e:00:00:00:00:09 brd ff:ff:ff:ff:ff:ff promiscuity 1  allmulti 0 minmtu 68 maxmtu 65535 ',
      '    openvswitch addrgenmode eui64 numtxqueues 1 ',
      '3: tap9@if12: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
      '    link/ether fa:16:3e:00:00:03 brd ff:ff:ff:ff:ff:ff link-netns qdhcp-abc',
    ].join('\n');
    const links = parseIpText(text, 'ip -d link');
    assert.deepEqual(links.map((l) => [l.name, l.kind, l.slaveKind]), [
      ['qvo1', 'veth', 'openvswitch_slave'],
      ['qvb1', 'veth', 'bridge_slave'],
      ['ovs-system', 'openvswitch', null],
      ['tap9', null, null],
    ]);
    assert.deepEqual(byName(links, 'qvo1').altNames, ['enp0s5']);
    assert.equal(byName(links, 'qvo1').linkIndex, 6);
    assert.equal(byName(links, 'tap9').linkIndex, 12);
    assert.equal(byName(links, 'tap9').linkNetns, 'qdhcp-abc');
  });

  it('accepts CRLF line ends and hostile names verbatim', () => {
    const text = '7: v$(id>P): <BROADCAST,UP> mtu 1500 qdisc noqueue state UP\r\n    link/ether aa:bb:cc:dd:ee:ff brd ff:ff:ff:ff:ff:ff\r\n';
    const [l] = parseIpText(text);
    assert.equal(l.name, 'v$(id>P)');
    assert.equal(l.mac, 'aa:bb:cc:dd:ee:ff');
  });

  it('gives an empty list for empty output', () => {
    assert.deepEqual(parseIpText(''), []);
  });

  it('rejects garbage with a ParseError naming the source and line', () => {
    assert.throws(() => parseIpText('1: lo: <LOOPBACK> mtu 1\nhello world\n', 'ns qrouter-x ip addr'), (e: unknown) => {
      assert.ok(e instanceof ParseError);
      assert.equal(e.source, 'ns qrouter-x ip addr');
      assert.equal(e.line, 2);
      assert.match(e.message, /line 2/);
      return true;
    });
    assert.throws(() => parseIpText('    inet 10.0.0.1/24 scope global x'), ParseError);
  });
});

describe('parseIpJson', () => {
  // Shape of iproute2 6.x `ip -j -d addr` (fields beyond the model are ignored).
  const json = JSON.stringify([
    { ifindex: 1, ifname: 'lo', flags: ['LOOPBACK', 'UP', 'LOWER_UP'], mtu: 65536, qdisc: 'noqueue', operstate: 'UNKNOWN', link_type: 'loopback', address: '00:00:00:00:00:00', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host', label: 'lo', valid_life_time: 4294967295 }] },
    { ifindex: 12, link_index: 2, ifname: 'qr-5bab859c-e3', flags: ['BROADCAST', 'UP'], mtu: 1450, operstate: 'UP', link_type: 'ether', address: 'fa:16:3e:43:5c:90', link_netnsid: 0, linkinfo: { info_kind: 'veth' }, addr_info: [{ family: 'inet', local: '172.24.0.1', prefixlen: 24, broadcast: '172.24.0.255', scope: 'global' }, { family: 'inet6', local: 'fe80::1', prefixlen: 64, scope: 'link' }] },
    { ifindex: 20, ifname: 'qvo1', link: 'qvb1', master: 'ovs-system', flags: ['UP'], mtu: 1450, operstate: 'UP', link_type: 'ether', address: 'fa:16:3e:00:00:01', linkinfo: { info_kind: 'veth', info_slave_kind: 'openvswitch_slave', info_slave_data: {} }, altnames: ['x1'] },
    { ifindex: 21, ifname: 'qvb1', link: 'qvo1', master: 'qbr1', mtu: 1450, operstate: 'UP', link_type: 'ether', address: 'fa:16:3e:00:00:02', linkinfo: { info_kind: 'veth', info_slave_kind: 'bridge_slave' }, future_field: { any: 1 } },
    {},
  ]);

  it('reads link_index, link_netnsid, master, kinds and addr_info; skips empty objects', () => {
    const links = parseIpJson(json, 'ip -j -d addr');
    assert.deepEqual(links.map((l) => l.name), ['lo', 'qr-5bab859c-e3', 'qvo1', 'qvb1']);
    const qr = byName(links, 'qr-5bab859c-e3');
    assert.equal(qr.linkIndex, 2);
    assert.equal(qr.linkNetnsId, 0);
    assert.equal(qr.peer, 'if2');
    assert.equal(qr.kind, 'veth');
    assert.deepEqual(v4(qr), ['172.24.0.1/24']);
    assert.equal(qr.addresses[0].broadcast, '172.24.0.255');
    const qvo = byName(links, 'qvo1');
    assert.equal(qvo.peer, 'qvb1');
    assert.equal(qvo.linkIndex, 21);
    assert.equal(qvo.master, 'ovs-system');
    assert.equal(qvo.slaveKind, 'openvswitch_slave');
    assert.equal(byName(links, 'lo').mac, null);
  });

  it('ignores fields of an unexpected type instead of failing the device', () => {
    const [l] = parseIpJson('[{"ifname":"eth0","mtu":"big","flags":"UP","addr_info":[{"family":"inet","local":"10.0.0.5","prefixlen":24},"junk"]}]');
    assert.equal(l.mtu, null);
    assert.deepEqual(l.flags, []);
    assert.deepEqual(v4(l), ['10.0.0.5/24']);
  });

  it('throws ParseError for invalid or truncated JSON, naming the line', () => {
    assert.throws(() => parseIpJson('[{"ifname":"lo"},\n{"ifname":', 'ip -j link'), (e: unknown) => e instanceof ParseError && e.source === 'ip -j link' && e.line === 2);
    assert.throws(() => parseIpJson('{"ifname":"lo"}'), ParseError);
    assert.throws(() => parseIpJson('[1,2]'), ParseError);
  });
});

describe('parseNetnsListId', () => {
  it('reads ip -j netns list-id', () => {
    assert.deepEqual(parseNetnsListId('[{"nsid":0,"name":"qrouter-1"},{"nsid":1},{"nsid":2,"current":true}]'), [
      { nsid: 0, name: 'qrouter-1' },
      { nsid: 1, name: null },
      { nsid: 2, name: null },
    ]);
  });

  it('reads the text form', () => {
    const text = 'nsid 0  (iproute2 netns name: qrouter-9574c13d-530a-4c8b-9f4c-b459d2f4709c)\nnsid 1 \n';
    assert.deepEqual(parseNetnsListId(text), [
      { nsid: 0, name: 'qrouter-9574c13d-530a-4c8b-9f4c-b459d2f4709c' },
      { nsid: 1, name: null },
    ]);
  });

  it('rejects other text with a ParseError', () => {
    assert.throws(() => parseNetnsListId('nsid 0\nqrouter-x (id: 0)'), (e: unknown) => e instanceof ParseError && e.line === 2);
  });
});
