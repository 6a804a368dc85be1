// The DVR captures of ../shared/captures/ovn-era (dvr-*: RDO Liberty/Newton on CentOS 7 and a Fuel/MOS node):
// `ip a`, `ip rule`, `ip route` inside qrouter-, fip- and snat- namespaces and `ip netns`, read through the
// `devstack-net parse` kinds (the pasted-text normaliser included) with the namespace as roles' context.
import { strict as assert } from 'node:assert';
import { PARSE_KINDS } from '../../../src/cli/parse-kinds';
import { portPrefixOf } from '../../../src/core/model/role';
import { captureFiles, loadCapture } from '../helpers/captures';

const ROUTER = 'dd6481d3-c3c6-4cf8-877c-877c94b2edd3';
const parse = (kind: string, file: string, namespace: string | null = null) =>
  JSON.parse(JSON.stringify(PARSE_KINDS[kind](loadCapture(`ovn-era/${file}`), { namespace }))) as any;

/** name → [role, "address/prefix" …] (IPv4 only, in listing order). */
function devices(file: string, namespace: string): Record<string, [string, ...string[]]> {
  return Object.fromEntries(
    parse('ip-addr', file, namespace).map((d: any) => [
      d.name,
      [d.role, ...d.addresses.filter((a: any) => a.family === 'inet').map((a: any) => `${a.address}/${a.prefixLength}`)],
    ]),
  );
}

/** A dotted IPv4 address as the 32-bit integer DVR uses for rule priorities and table ids. */
const ipToInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);

describe('ovn-era captures: DVR namespaces (qrouter-, fip-, snat-)', () => {
  it('covers every dvr-* capture', () => {
    assert.deepEqual(captureFiles('dvr-', 'ovn-era'), [
      'dvr-1.txt', 'dvr-2.txt', 'dvr-3.txt', 'dvr-4.txt', 'dvr-5.txt', 'dvr-6.txt', 'dvr-7.txt', 'dvr-9.txt', 'dvr-10.txt', 'dvr-11.txt',
    ]);
  });

  it('dvr-1 (qrouter-, el7 trailing spaces): rfp- holds the link-local /31 and the floating IP /32; qr- the subnet gateway', () => {
    assert.deepEqual(devices('dvr-1.txt', `qrouter-${ROUTER}`), {
      lo: ['loopback', '127.0.0.1/8'],
      'rfp-dd6481d3-c': ['fip-veth', '169.254.31.28/31', '203.0.113.11/32'],
      'qr-e97ad7a4-64': ['router-interface', '192.168.10.1/24'],
    });
    const rfp = parse('ip-addr', 'dvr-1.txt', `qrouter-${ROUTER}`).find((d: any) => d.name === 'rfp-dd6481d3-c');
    // Old iproute2: no `@ifNN` after the name, so the peer is not printed (the model cannot pair it by index).
    assert.equal(rfp.peer, null);
    assert.equal(rfp.mac, '82:de:1b:13:37:d8');
    // rfp-/fpr- carry the router id (10 chars), not a port id; qr-/fg-/sg-/qg- carry a port id prefix.
    const router = parse('netns', 'dvr-7.txt').find((n: any) => n.kind === 'qrouter').uuid;
    assert.equal(rfp.name, `rfp-${router.slice(0, 10)}`);
    assert.equal(portPrefixOf('rfp-dd6481d3-c'), null);
    assert.equal(portPrefixOf('qr-e97ad7a4-64'), 'e97ad7a4-64');
  });

  it('dvr-3 (fip-): fpr- is the other end of the /31, fg- the gateway port on the external subnet', () => {
    const fip = devices('dvr-3.txt', 'fip-2f00f5f1-0000-0000-0000-000000000000');
    assert.deepEqual(fip, {
      lo: ['loopback', '127.0.0.1/8'],
      'fpr-dd6481d3-c': ['fip-veth', '169.254.31.29/31'],
      'fg-50b88d31-14': ['fip-gateway', '203.0.113.12/24'],
    });
    // The pair: same router id suffix, addresses .28/.29 of one /31.
    const rfp = devices('dvr-1.txt', `qrouter-${ROUTER}`)['rfp-dd6481d3-c'][1];
    assert.equal(ipToInt(rfp.split('/')[0]) >>> 1, ipToInt(fip['fpr-dd6481d3-c'][1].split('/')[0]) >>> 1);
    assert.equal(portPrefixOf('fg-50b88d31-14'), '50b88d31-14');
  });

  it('dvr-11 (fip- on a Fuel node, no trailing spaces): fpr- /31 and fg- /17 on the external network', () => {
    assert.deepEqual(devices('dvr-11.txt', 'fip-ext'), {
      lo: ['loopback', '127.0.0.1/8'],
      'fpr-517ba029-f': ['fip-veth', '169.254.106.115/31'],
      'fg-73de653f-c4': ['fip-gateway', '172.30.89.129/17'],
    });
  });

  it('dvr-4 (ip route in fip-, double spaces): default via the external gateway on fg-, the FIP /32 routed back through fpr-', () => {
    assert.deepEqual(parse('ip-route', 'dvr-4.txt'), [
      { destination: 'default', gateway: '203.0.113.1', device: 'fg-50b88d31-14', source: null },
      { destination: '169.254.31.28/31', gateway: null, device: 'fpr-dd6481d3-c', source: '169.254.31.29' },
      { destination: '203.0.113.0/24', gateway: null, device: 'fg-50b88d31-14', source: '203.0.113.12' },
      // 203.0.113.11 is the /32 on rfp- in dvr-1; its next hop is rfp-'s end of the /31.
      { destination: '203.0.113.11', gateway: '169.254.31.28', device: 'fpr-dd6481d3-c', source: null },
    ]);
  });

  it('dvr-9 (ip route in qrouter-): one link route per qr- subnet and the rfp- /31', () => {
    assert.deepEqual(parse('ip-route', 'dvr-9.txt').map((r: any) => [r.destination, r.device, r.source]), [
      ['10.0.0.0/24', 'qr-102c4426-86', '10.0.0.1'],
      ['10.0.1.0/24', 'qr-3779302e-62', '10.0.1.1'],
      ['169.254.106.114/31', 'rfp-e4d4897e-7', '169.254.106.114'],
    ]);
  });

  it('dvr-2 / dvr-6 (ip rule in qrouter-): the per-subnet rule is numbered by the qr- address; the FIP rule appears with the FIP', () => {
    const withFip = parse('ip-rule', 'dvr-2.txt');
    const before = parse('ip-rule', 'dvr-6.txt');
    const subnet = { priority: ipToInt('192.168.10.1'), selector: 'from 192.168.10.1/24', table: String(ipToInt('192.168.10.1')) };
    assert.equal(subnet.priority, 3232238081);
    assert.deepEqual(before, [
      { priority: 0, selector: 'from all', table: 'local' },
      { priority: 32766, selector: 'from all', table: 'main' },
      { priority: 32767, selector: 'from all', table: 'default' },
      subnet,
    ]);
    assert.deepEqual(withFip, [...before.slice(0, 3), { priority: 57481, selector: 'from 192.168.10.4', table: '16' }, subnet]);
  });

  it('dvr-5 (snat- on the dvr_snat node): sg- on the tenant subnet, qg- on the external one', () => {
    assert.deepEqual(devices('dvr-5.txt', `snat-${ROUTER}`), {
      lo: ['loopback', '127.0.0.1/8'],
      'sg-f69e692f-93': ['snat-port', '192.168.10.3/24'],
      'qg-2d0bd3e5-d1': ['router-gateway', '203.0.113.10/24'],
    });
    assert.equal(portPrefixOf('sg-f69e692f-93'), 'f69e692f-93');
  });

  it('dvr-10 (snat-, grep excerpt): one sg- per internal subnet plus qg-, MTU 1450 on the tunnelled sg- ports', () => {
    const snat = parse('ip-addr', 'dvr-10.txt', 'snat-x');
    assert.deepEqual(snat.map((d: any) => [d.name, d.role, d.mtu, d.mac, d.addresses.map((a: any) => `${a.address}/${a.prefixLength}`)]), [
      ['sg-fefd493b-a5', 'snat-port', 1450, 'fa:16:3e:99:5c:3a', ['10.0.0.6/24']],
      ['sg-b3d58360-b4', 'snat-port', 1450, 'fa:16:3e:29:de:20', ['10.0.1.12/24']],
      ['qg-765b5aca-ce', 'router-gateway', 1500, 'fa:16:3e:d5:75:0e', ['169.254.0.57/24']],
    ]);
  });

  it('dvr-7 (ip netns, no ids): snat- and qrouter- of one router share its UUID, beside qdhcp-', () => {
    assert.deepEqual(parse('netns', 'dvr-7.txt'), [
      { name: `snat-${ROUTER}`, id: null, kind: 'snat', uuid: ROUTER },
      { name: `qrouter-${ROUTER}`, id: null, kind: 'qrouter', uuid: ROUTER },
      { name: 'qdhcp-728d4816-d2ea-4f7d-b005-13a1437eb6d6', id: null, kind: 'qdhcp', uuid: '728d4816-d2ea-4f7d-b005-13a1437eb6d6' },
    ]);
  });
});
