// Device roles from real device names (captures of many vintages) and their context.
import { strict as assert } from 'node:assert';
import { deviceRole, portPrefixOf, type RoleContext } from '../../../src/core/model/role';
import { namespaceKind } from '../../../src/core/parse/netns';
import { parseIpText } from '../../../src/core/parse/ip';
import { parseOvsShow } from '../../../src/core/parse/ovs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCapture } from '../helpers/captures';

/** Roles of the devices in a capture of `ip netns exec <ns> ip a`. */
function rolesIn(file: string, namespace: string | null): Record<string, string> {
  const ctx = { namespaceKind: namespace === null ? null : namespaceKind(namespace) };
  return Object.fromEntries(parseIpText(loadCapture(file)).map((l) => [l.name, deviceRole(l.name, { ...ctx, master: l.master, kind: l.kind })]));
}

describe('model/role', () => {
  it('router namespaces: qr-, qg-, ha-, rfp-, lo', () => {
    assert.deepEqual(rolesIn('ip-addr-17.txt', 'qrouter-9e5f2802'), {
      lo: 'loopback',
      'qr-0d5ea29d-36': 'router-interface',
      'qg-411a1cf8-f4': 'router-gateway',
    });
    const ha = rolesIn('ip-addr-12.txt', 'qrouter-b6206312');
    assert.equal(ha[Object.keys(ha).find((n) => n.startsWith('ha-'))!], 'ha-port');
    const dvr = rolesIn('ip-addr-11.txt', 'qrouter-dd6481d3');
    assert.equal(dvr['rfp-dd6481d3-c'], 'fip-veth');
  });

  it('fip- and snat- namespaces: fg-, fpr-, sg-', () => {
    assert.deepEqual(rolesIn('ip-addr-3.txt', 'fip-2f00f5f1'), { lo: 'loopback', 'fpr-dd6481d3-c': 'fip-veth', 'fg-50b88d31-14': 'fip-gateway' });
    const snat = rolesIn('ip-addr-21.txt', 'snat-dd6481d3');
    assert.equal(snat['sg-f69e692f-93'], 'snat-port');
    assert.equal(snat['qg-2d0bd3e5-d1'], 'router-gateway');
  });

  it('a tap in a qdhcp namespace is the DHCP port (old ns- naming too); in the root it is an instance tap', () => {
    assert.equal(rolesIn('ip-addr-4.txt', 'qdhcp-4b523b2a')['tap1b197b45-16'], 'dhcp-port');
    assert.equal(rolesIn('ip-addr-6.txt', 'qdhcp-88b1609c')['ns-f14c598d-98'], 'dhcp-port');
    assert.equal(deviceRole('tap1b197b45-16', { namespaceKind: null }), 'instance-tap');
  });

  it('hybrid plumbing in the root namespace: qvo/qvb', () => {
    assert.deepEqual(rolesIn('ip-addr-2.txt', null), { 'qvo7060060e-21': 'veth-ovs-side', 'qvb7060060e-21': 'veth-bridge-side' });
    assert.equal(deviceRole('qbr7060060e-21', { namespaceKind: null, kind: 'bridge' }), 'hybrid-bridge');
  });

  it('linuxbridge vxlan devices are tunnel ports', () => {
    assert.equal(rolesIn('ip-addr-28.txt', null)['vxlan-58'], 'tunnel-port');
  });

  it('OVS ports: bridges, patch ports (patch-/int-br-/phy-br-), tunnels by type', () => {
    const state = parseOvsShow(loadCapture('ovs-vsctl-show-1.txt'));
    const bridges = new Set(state.bridges.map((b) => b.name));
    const role = (name: string, type: string | null) =>
      deviceRole(name, { namespaceKind: null, ovsType: type, isOvsBridge: bridges.has(name) } satisfies RoleContext);
    const roles = new Map(state.bridges.flatMap((b) => b.ports.map((p) => [p.name, role(p.name, p.interfaces[0]?.type ?? null)] as const)));
    assert.equal(roles.get('br-int'), 'ovs-bridge');
    assert.equal(roles.get('int-br-ex'), 'patch-port');
    assert.equal(roles.get('phy-br-eth1'), 'patch-port');
    const tun = parseOvsShow(loadCapture('ovs-vsctl-show-2.txt')).bridges.find((b) => b.name === 'br-tun')!;
    assert.ok(tun.ports.some((p) => p.interfaces[0]?.type === 'vxlan'), 'the capture has a vxlan port');
    for (const p of tun.ports) {
      const type = p.interfaces[0]?.type ?? null;
      if (type === 'vxlan') assert.equal(deviceRole(p.name, { namespaceKind: null, ovsType: type }), 'tunnel-port');
      if (type === 'patch') assert.equal(deviceRole(p.name, { namespaceKind: null, ovsType: type }), 'patch-port');
    }
    assert.equal(deviceRole('genev_sys_6081', { namespaceKind: null, kind: 'geneve' }), 'tunnel-port');
    assert.equal(deviceRole('gre-ac122a16', { namespaceKind: null }), 'tunnel-port');
  });

  it('host devices: ovs-system, libvirt bridge, physical NICs, anything else', () => {
    assert.equal(deviceRole('ovs-system', { namespaceKind: null }), 'ovs-system');
    assert.equal(deviceRole('virbr0', { namespaceKind: null, kind: 'bridge' }), 'libvirt-bridge');
    for (const nic of ['eth0', 'ens192', 'enp0s3', 'eno1']) assert.equal(deviceRole(nic, { namespaceKind: null }), 'physical');
    assert.equal(deviceRole('docker0', { namespaceKind: null, kind: 'bridge' }), 'other');
  });

  it('userspace (netdev) datapath: OVS internal ports are persistent taps, ovs-netdev, no ovs-system (lab ip -d link)', () => {
    const links = parseIpText(readFileSync(join(__dirname, '..', '..', 'fixtures', 'lab', 'ip-d-link.txt'), 'utf8'));
    const byName = new Map(links.map((l) => [l.name, l]));
    assert.ok(!byName.has('ovs-system'), 'no ovs-system on the userspace datapath');
    assert.equal(deviceRole('ovs-netdev', { namespaceKind: null, kind: byName.get('ovs-netdev')?.kind }), 'ovs-system');
    for (const bridge of ['br-int', 'br-ex', 'br-tun']) {
      assert.equal(byName.get(bridge)?.kind, 'tun', `${bridge} is a tap`);
      // even when the OVS section could not be read (no isOvsBridge), the tun br-* is a bridge
      assert.equal(deviceRole(bridge, { namespaceKind: null, kind: 'tun' }), 'ovs-bridge');
    }
    const qdhcp = parseIpText(readFileSync(join(__dirname, '..', '..', 'fixtures', 'lab', 'ip-d-link-qdhcp.txt'), 'utf8'));
    const tap = qdhcp.find((l) => l.name.startsWith('tap'))!;
    assert.equal(tap.kind, 'tun');
    assert.equal(deviceRole(tap.name, { namespaceKind: 'qdhcp', kind: tap.kind }), 'dhcp-port');
  });

  it('kernel datapath: qvo with master ovs-system (Kolla capture)', () => {
    const links = parseIpText(loadCapture('ip-addr-2.txt'));
    const qvo = links.find((l) => l.name.startsWith('qvo'))!;
    assert.equal(qvo.master, 'ovs-system');
    assert.equal(deviceRole(qvo.name, { namespaceKind: null, master: qvo.master, kind: qvo.kind }), 'veth-ovs-side');
    assert.equal(deviceRole('br-int', { namespaceKind: null, kind: 'openvswitch' }), 'ovs-bridge');
  });

  it('port[:11] only from names that carry a port id', () => {
    assert.equal(portPrefixOf('qvo7060060e-21'), '7060060e-21');
    assert.equal(portPrefixOf('tap1b197b45-16'), '1b197b45-16');
    assert.equal(portPrefixOf('qr-0d5ea29d-36'), '0d5ea29d-36');
    assert.equal(portPrefixOf('rfp-dd6481d3-c'), null); // a router id
    assert.equal(portPrefixOf('tapfoo'), null);
  });
});
