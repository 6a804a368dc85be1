import { strict as assert } from 'node:assert';
import { ParseError } from '../../../src/core/parse/errors';
import { parseIpRoute, parseIpRouteJson, parseIpRule } from '../../../src/core/parse/route';
import type { Route } from '../../../src/core/parse/types';
import { captureFiles, loadCapture } from '../helpers/captures';

const brief = (r: Route) => [r.destination, r.gateway, r.device, r.source];

describe('parseIpRoute over every ip route capture', () => {
  const expected: Record<string, Array<Array<string | null>>> = {
    'ip-route-rule-1.txt': [
      ['default', '203.0.113.1', 'fg-50b88d31-14', null],
      ['169.254.31.28/31', null, 'fpr-dd6481d3-c', '169.254.31.29'],
      ['203.0.113.0/24', null, 'fg-50b88d31-14', '203.0.113.12'],
      ['203.0.113.11', '169.254.31.28', 'fpr-dd6481d3-c', null],
    ],
    'ip-route-rule-2.txt': [
      ['default', '9.186.100.1', 'qg-e76de35e-90', null],
      ['9.186.100.0/24', null, 'qg-e76de35e-90', '9.186.100.2'],
      ['10.0.0.0/24', null, 'qr-694450d6-f6', '10.0.0.1'],
    ],
    'ip-route-rule-5.txt': [
      ['169.254.31.28/31', null, 'rfp-dd6481d3-c', '169.254.31.28'],
      ['192.168.10.0/24', null, 'qr-e97ad7a4-64', '192.168.10.1'],
    ],
    'ip-route-rule-6.txt': [['default', '169.254.31.29', 'rfp-dd6481d3-c', null]],
    'ip-route-rule-7.txt': [
      ['default', '203.0.113.1', 'qg-12fd2ded-6d', null],
      ['192.168.1.0/24', null, 'qr-b13b21d8-97', '192.168.1.1'],
      ['203.0.113.0/24', null, 'qg-12fd2ded-6d', '203.0.113.101'],
    ],
    'ip-route-rule-9.txt': [
      ['172.24.4.224/28', null, 'qg-d48b49e0-aa', '172.24.4.227'],
      ['10.1.0.0/24', null, 'qr-c2d7dd02-56', '10.1.0.1'],
      ['default', '172.24.4.225', 'qg-d48b49e0-aa', null],
    ],
    'ip-route-rule-10.txt': [
      ['default', '203.0.113.1', 'qg-2d0bd3e5-d1', null],
      ['192.168.10.0/24', null, 'sg-f69e692f-93', '192.168.10.3'],
      ['203.0.113.0/24', null, 'qg-2d0bd3e5-d1', '203.0.113.10'],
    ],
  };
  const rules = ['ip-route-rule-14.txt', 'ip-route-rule-15.txt'];

  it('covers every ip-route-rule capture (routes here, rules below)', () => {
    assert.deepEqual(captureFiles('ip-route-rule-'), [...Object.keys(expected), ...rules].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
  });

  for (const [file, routes] of Object.entries(expected)) {
    it(`${file}: destination, gateway, device, source`, () => {
      assert.deepEqual(parseIpRoute(loadCapture(file), file).map(brief), routes);
    });
  }

  it('reads proto kernel scope link through old double spaces', () => {
    const [, connected] = parseIpRoute(loadCapture('ip-route-rule-2.txt'));
    assert.equal(connected.protocol, 'kernel');
    assert.equal(connected.scope, 'link');
    assert.equal(connected.type, null);
  });

  it('reads types, table, metric and IPv6 via inet6', () => {
    const text = [
      'local 10.0.0.1 dev qr-1 table local proto kernel scope host src 10.0.0.1',
      'broadcast 10.0.0.255 dev qr-1 table local proto kernel scope link src 10.0.0.1',
      'default via 169.254.31.29 dev rfp-1 table 16',
      'blackhole 10.9.0.0/16',
      'default via inet6 fe80::1 dev eth0 proto ra metric 1024 expires 1794sec pref medium',
      '10.8.0.0/24 proto static metric 20',
      '\tnexthop via 10.0.0.2 dev eth1 weight 1',
      '\tnexthop via 10.0.0.3 dev eth2 weight 1',
    ].join('\n');
    const r = parseIpRoute(text);
    assert.deepEqual(r.map((x) => [x.type, x.destination, x.table]), [
      ['local', '10.0.0.1', 'local'], ['broadcast', '10.0.0.255', 'local'], [null, 'default', '16'],
      ['blackhole', '10.9.0.0/16', null], [null, 'default', null], [null, '10.8.0.0/24', null],
    ]);
    assert.equal(r[4].gateway, 'fe80::1');
    assert.equal(r[4].metric, 1024);
    assert.deepEqual([r[5].gateway, r[5].device], ['10.0.0.2', 'eth1']);
  });

  it('rejects lines that are not routes, naming source and line', () => {
    assert.throws(() => parseIpRoute('default via 1.2.3.4 dev x\nError: Peer netns reference is invalid.', 'ip route (qrouter-x)'), (e: unknown) => {
      return e instanceof ParseError && e.source === 'ip route (qrouter-x)' && e.line === 2;
    });
  });
});

describe('parseIpRouteJson', () => {
  it('reads ip -j route', () => {
    const text = JSON.stringify([
      { dst: 'default', gateway: '172.24.4.1', dev: 'qg-1', flags: [] },
      { dst: '172.24.4.0/24', dev: 'qg-1', protocol: 'kernel', scope: 'link', prefsrc: '172.24.4.10', flags: [] },
      { type: 'local', dst: '172.24.4.10', dev: 'qg-1', table: 'local', protocol: 'kernel', scope: 'host', prefsrc: '172.24.4.10', metric: 5 },
    ]);
    const r = parseIpRouteJson(text);
    assert.deepEqual(r.map(brief), [
      ['default', '172.24.4.1', 'qg-1', null], ['172.24.4.0/24', null, 'qg-1', '172.24.4.10'], ['172.24.4.10', null, 'qg-1', '172.24.4.10'],
    ]);
    assert.deepEqual([r[2].type, r[2].table, r[2].metric, r[1].protocol], ['local', 'local', 5, 'kernel']);
  });

  it('rejects JSON that is not a route list', () => {
    assert.throws(() => parseIpRouteJson('[{"gateway":"1.2.3.4"}]'), ParseError);
    assert.throws(() => parseIpRouteJson('[{"dst":'), ParseError);
  });
});

describe('parseIpRule', () => {
  it('ip-route-rule-14.txt: DVR 32-bit priority equal to the table id', () => {
    assert.deepEqual(parseIpRule(loadCapture('ip-route-rule-14.txt')), [
      { priority: 0, selector: 'from all', table: 'local' },
      { priority: 32766, selector: 'from all', table: 'main' },
      { priority: 32767, selector: 'from all', table: 'default' },
      { priority: 3232238081, selector: 'from 192.168.10.1/24', table: '3232238081' },
    ]);
  });

  it('ip-route-rule-15.txt: floating IP source rule lookup 16', () => {
    const rules = parseIpRule(loadCapture('ip-route-rule-15.txt'));
    assert.equal(rules.length, 5);
    assert.deepEqual(rules[3], { priority: 57481, selector: 'from 192.168.10.4', table: '16' });
  });

  it('reads a TAB after N:, keeps duplicates, and reads actions without lookup', () => {
    const text = '0:\tfrom all lookup local\n57481:\tfrom 192.168.10.4 lookup 16\n57481:\tfrom 192.168.10.4 lookup 16\n100:\tfrom all iif qr-1 unreachable\n';
    const rules = parseIpRule(text);
    assert.equal(rules.length, 4);
    assert.deepEqual(rules[1], rules[2]);
    assert.deepEqual(rules[3], { priority: 100, selector: 'from all iif qr-1', table: 'unreachable' });
  });

  it('rejects non-rule lines', () => {
    assert.throws(() => parseIpRule('0:\tfrom all lookup local\nnot a rule'), (e: unknown) => e instanceof ParseError && e.line === 2);
    assert.throws(() => parseIpRule('99999999999: from all lookup main'), ParseError);
  });
});
