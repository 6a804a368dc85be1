import { strict as assert } from 'node:assert';
import { ParseError } from '../../../src/core/parse/errors';
import { parseOvsJson, parseOvsMap, parseOvsShow } from '../../../src/core/parse/ovs';
import type { OvsBridge, OvsState } from '../../../src/core/parse/types';
import { captureFiles, loadCapture } from '../helpers/captures';

function bridge(state: OvsState, name: string): OvsBridge {
  const b = state.bridges.find((x) => x.name === name);
  assert.ok(b, `bridge ${name} missing`);
  return b;
}

const portNames = (b: OvsBridge) => b.ports.map((p) => p.name);
const tags = (b: OvsBridge) => Object.fromEntries(b.ports.filter((p) => p.tag !== null).map((p) => [p.name, p.tag]));

describe('parseOvsShow over every ovs-vsctl-show capture', () => {
  const expected: Record<string, { version: string; bridges: string[]; ports: number }> = {
    'ovs-vsctl-show-1.txt': { version: '1.4.0+build0', bridges: ['br-int', 'br-eth1', 'br-ex'], ports: 11 },
    'ovs-vsctl-show-2.txt': { version: '2.0.2', bridges: ['br-int', 'br-tun'], ports: 7 },
    'ovs-vsctl-show-3.txt': { version: '2.0.2', bridges: ['br-int', 'br-ex', 'br-tun'], ports: 9 },
    'ovs-vsctl-show-4.txt': { version: '2.4.0', bridges: ['br-int', 'br-tun', 'br-ex'], ports: 12 },
    'ovs-vsctl-show-5.txt': { version: '2.4.0', bridges: ['br-ex', 'br-int', 'br-tun'], ports: 12 },
    'ovs-vsctl-show-7.txt': { version: '2.4.0', bridges: ['br-int', 'br-ex'], ports: 8 },
    'ovs-vsctl-show-8.txt': { version: '2.1.3', bridges: ['br-int', 'br-tun', 'br-ex'], ports: 11 },
  };

  it('has an expectation for every ovs-vsctl-show capture', () => {
    assert.deepEqual(captureFiles('ovs-vsctl-show-'), Object.keys(expected));
  });

  for (const [file, e] of Object.entries(expected)) {
    it(`${file}: version, bridges, port count, one interface per port`, () => {
      const s = parseOvsShow(loadCapture(file), file);
      assert.equal(s.ovsVersion, e.version);
      assert.deepEqual(s.bridges.map((b) => b.name), e.bridges);
      assert.equal(s.bridges.reduce((n, b) => n + b.ports.length, 0), e.ports);
      for (const b of s.bridges) for (const p of b.ports) assert.deepEqual(p.interfaces.map((i) => i.name), [p.name]);
    });
  }

  it('unquotes old quoted names and reads tags (ovs-vsctl-show-1)', () => {
    const s = parseOvsShow(loadCapture('ovs-vsctl-show-1.txt'));
    const brInt = bridge(s, 'br-int');
    assert.deepEqual(portNames(brInt), ['qr-0ba8700e-da', 'br-int', 'int-br-ex', 'tapbb60d1bb-0c', 'qvob2044570-ad', 'int-br-eth1']);
    assert.deepEqual(tags(brInt), { 'qr-0ba8700e-da': 1, 'tapbb60d1bb-0c': 1, 'qvob2044570-ad': 1 });
    assert.equal(brInt.failMode, null);
    assert.equal(brInt.ports[2].interfaces[0].type, null); // int-br-ex: a veth, no type
    assert.equal(bridge(s, 'br-eth1').ports[1].interfaces[0].type, 'internal');
  });

  it('reads fail_mode, patch peers and vxlan options with quoted values (ovs-vsctl-show-2)', () => {
    const s = parseOvsShow(loadCapture('ovs-vsctl-show-2.txt'));
    const tun = bridge(s, 'br-tun');
    assert.equal(tun.failMode, 'secure');
    const vx = tun.ports.find((p) => p.name === 'vxlan-0a00644d')!.interfaces[0];
    assert.equal(vx.type, 'vxlan');
    assert.deepEqual(vx.options, { df_default: 'true', in_key: 'flow', local_ip: '10.0.100.88', out_key: 'flow', remote_ip: '10.0.100.77' });
    const patch = bridge(s, 'br-int').ports.find((p) => p.name === 'patch-tun')!.interfaces[0];
    assert.deepEqual([patch.type, patch.options], ['patch', { peer: 'patch-int' }]);
  });

  it('keeps the dead VLAN tag 4095 on every unbound br-int port (ovs-vsctl-show-7)', () => {
    const brInt = bridge(parseOvsShow(loadCapture('ovs-vsctl-show-7.txt')), 'br-int');
    assert.deepEqual(tags(brInt), { 'sg-ee7fdd84-0e': 4095, 'qr-3e60aab4-57': 4095, 'qg-7cac7e10-cc': 4095, 'tap8311fca4-65': 4095 });
  });

  it('reads GRE tunnels without df_default and a br-tun without fail_mode (ovs-vsctl-show-8)', () => {
    const tun = bridge(parseOvsShow(loadCapture('ovs-vsctl-show-8.txt')), 'br-tun');
    assert.equal(tun.failMode, null);
    const remotes = tun.ports.flatMap((p) => p.interfaces).filter((i) => i.type === 'gre').map((i) => i.options.remote_ip);
    assert.deepEqual(remotes, ['172.18.42.22', '172.18.42.23']);
  });

  it('reads OVS 3.x: unquoted names, Manager, Controller, is_connected, datapath_type, error', () => {
    const text = [
      'f3c1f4f2-3b5e-4a6f-9a3e-1c2b3d4e5f60',
      '    Manager "ptcp:6640:127.0.0.1"',
      '        is_connected: true',
      '    Bridge br-int',
      '        Controller "tcp:127.0.0.1:6633"',
      '            is_connected: true',
      '        fail_mode: secure',
      '        datapath_type: system',
      '        Port qvo0695f2ca-bf',
      '            tag: 4',
      '            Interface qvo0695f2ca-bf',
      '        Port tap-missing',
      '            Interface tap-missing',
      '                error: "could not open network device tap-missing (No such device)"',
      '        Port vxlan-0a000002',
      '            Interface vxlan-0a000002',
      '                type: vxlan',
      '                options: {df_default="true", egress_pkt_mark="0", in_key=flow, local_ip="10.0.0.1", out_key=flow, remote_ip="10.0.0.2"}',
      '                bfd_status: {diagnostic="No Diagnostic", state=down}',
      '    ovs_version: "3.1.0"',
    ].join('\n');
    const s = parseOvsShow(text);
    assert.equal(s.ovsVersion, '3.1.0');
    const b = bridge(s, 'br-int');
    assert.deepEqual([b.controllers, b.failMode, b.datapathType], [['tcp:127.0.0.1:6633'], 'secure', 'system']);
    assert.deepEqual(tags(b), { 'qvo0695f2ca-bf': 4 });
    assert.equal(b.ports[1].interfaces[0].error, 'could not open network device tap-missing (No such device)');
    assert.equal(b.ports[2].interfaces[0].options.egress_pkt_mark, '0');
  });

  it('parses option maps with commas and escapes inside quotes', () => {
    assert.deepEqual(parseOvsMap('{a="x, y", b=1, c="q\\"t"}'), { a: 'x, y', b: '1', c: 'q"t' });
    assert.deepEqual(parseOvsMap('{}'), {});
  });

  it('rejects garbage and a Port outside any Bridge with ParseError and line', () => {
    assert.throws(() => parseOvsShow('hello world\n', 'ovs-vsctl show'), (e: unknown) => e instanceof ParseError && e.source === 'ovs-vsctl show' && e.line === 1);
    assert.throws(() => parseOvsShow('    Port "x"\n'), (e: unknown) => e instanceof ParseError && e.line === 1);
  });
});

describe('parseOvsJson', () => {
  // `ovs-vsctl --format=json list Bridge|Port|Interface` shapes: atoms, ["uuid",…], ["set",[…]], ["map",[…]].
  const bridgeTable = JSON.stringify({
    headings: ['_uuid', 'datapath_type', 'external_ids', 'fail_mode', 'name', 'ports'],
    data: [
      [['uuid', 'b-int'], 'system', ['map', []], 'secure', 'br-int', ['set', [['uuid', 'p-qvo'], ['uuid', 'p-patch'], ['uuid', 'p-int']]]],
      [['uuid', 'b-tun'], '', ['map', [['bridge-id', 'br-tun']]], ['set', []], 'br-tun', ['uuid', 'p-vx']],
    ],
  });
  const portTable = JSON.stringify({
    headings: ['_uuid', 'interfaces', 'name', 'tag', 'trunks'],
    data: [
      [['uuid', 'p-qvo'], ['uuid', 'i-qvo'], 'qvo0695f2ca-bf', 4095, ['set', []]],
      [['uuid', 'p-patch'], ['uuid', 'i-patch'], 'patch-tun', ['set', []], ['set', []]],
      [['uuid', 'p-int'], ['uuid', 'i-int'], 'br-int', ['set', []], ['set', []]],
      [['uuid', 'p-vx'], ['uuid', 'i-vx'], 'vxlan-0a000002', ['set', []], ['set', []]],
      [['uuid', 'p-orphan'], ['set', []], 'orphan', 1, ['set', []]],
    ],
  });
  const ifaceTable = JSON.stringify({
    headings: ['_uuid', 'error', 'external_ids', 'mac_in_use', 'name', 'ofport', 'options', 'type'],
    data: [
      [['uuid', 'i-qvo'], ['set', []], ['map', [['attached-mac', 'fa:16:3e:00:00:01'], ['iface-id', '0695f2ca-bf11-4c1e-9a33-2b5d3c7e8f90'], ['iface-status', 'active']]], '9e:1a:00:00:00:01', 'qvo0695f2ca-bf', 7, ['map', []], ''],
      [['uuid', 'i-patch'], ['set', []], ['map', []], ['set', []], 'patch-tun', 2, ['map', [['peer', 'patch-int']]], 'patch'],
      [['uuid', 'i-int'], ['set', []], ['map', []], '9e:1a:00:00:00:02', 'br-int', 65534, ['map', []], 'internal'],
      [['uuid', 'i-vx'], 'could not add network device', ['map', []], ['set', []], 'vxlan-0a000002', -1, ['map', [['remote_ip', '10.0.0.2'], ['in_key', 'flow']]], 'vxlan'],
    ],
  });

  it('joins bridges, ports and interfaces by uuid', () => {
    const s = parseOvsJson({ bridge: bridgeTable, port: portTable, iface: ifaceTable }, '3.1.0');
    assert.equal(s.ovsVersion, '3.1.0');
    const brInt = bridge(s, 'br-int');
    assert.deepEqual([brInt.datapathType, brInt.failMode], ['system', 'secure']);
    assert.deepEqual(portNames(brInt), ['qvo0695f2ca-bf', 'patch-tun', 'br-int']);
    assert.deepEqual(tags(brInt), { 'qvo0695f2ca-bf': 4095 });
    const qvo = brInt.ports[0].interfaces[0];
    assert.deepEqual([qvo.type, qvo.ofport, qvo.mac], [null, 7, '9e:1a:00:00:00:01']);
    assert.equal(qvo.externalIds['iface-id'], '0695f2ca-bf11-4c1e-9a33-2b5d3c7e8f90');
    assert.deepEqual(brInt.ports[1].interfaces[0].options, { peer: 'patch-int' });
    const tun = bridge(s, 'br-tun');
    assert.deepEqual([tun.datapathType, tun.failMode], [null, null]);
    const vx = tun.ports[0].interfaces[0];
    assert.deepEqual([vx.type, vx.options.remote_ip, vx.error], ['vxlan', '10.0.0.2', 'could not add network device']);
  });

  it('stays linear for hundreds of ports', () => {
    const n = 2000;
    const ports = Array.from({ length: n }, (_, k) => [['uuid', `p${k}`], ['uuid', `i${k}`], `qvo${k}`, k % 4094]);
    const ifaces = Array.from({ length: n }, (_, k) => [['uuid', `i${k}`], `qvo${k}`, 'internal']);
    const s = parseOvsJson({
      bridge: JSON.stringify({ headings: ['_uuid', 'name', 'ports'], data: [[['uuid', 'b'], 'br-int', ['set', ports.map((p) => p[0])]]] }),
      port: JSON.stringify({ headings: ['_uuid', 'interfaces', 'name', 'tag'], data: ports }),
      iface: JSON.stringify({ headings: ['_uuid', 'name', 'type'], data: ifaces }),
    });
    assert.equal(s.bridges[0].ports.length, n);
    assert.equal(s.bridges[0].ports[n - 1].interfaces[0].name, `qvo${n - 1}`);
  });

  it('throws ParseError naming the table for invalid JSON or a wrong shape', () => {
    assert.throws(() => parseOvsJson({ bridge: '{"headings":', port: portTable, iface: ifaceTable }), (e: unknown) => {
      return e instanceof ParseError && /list Bridge/.test(e.source);
    });
    assert.throws(() => parseOvsJson({ bridge: bridgeTable, port: '[1,2,3]', iface: ifaceTable }), (e: unknown) => {
      return e instanceof ParseError && /list Port/.test(e.source);
    });
  });
});
