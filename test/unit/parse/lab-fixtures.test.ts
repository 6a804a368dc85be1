// Every parser over the real output captured from the project's lab (test/fixtures/lab), checked
// against the lab's own manifest of what it created.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDnsmasqPs } from '../../../src/core/parse/dnsmasq';
import { ParseError } from '../../../src/core/parse/errors';
import { parseIpJson, parseIpText, parseNetnsListId } from '../../../src/core/parse/ip';
import { parseIptablesAuto, parseIptablesSave } from '../../../src/core/parse/iptables';
import { namespaceKind, namespaceUuid, parseNetnsList } from '../../../src/core/parse/netns';
import { parseOvsJson, parseOvsShow } from '../../../src/core/parse/ovs';
import { parseIpRoute, parseIpRouteJson, parseIpRule } from '../../../src/core/parse/route';
import type { IpLink, IptablesDump, OvsState } from '../../../src/core/parse/types';

const LAB = join(__dirname, '..', '..', 'fixtures', 'lab');

function lab(name: string): string {
  const path = join(LAB, name);
  if (!existsSync(path)) throw new Error(`lab fixture ${path} is missing (the lab engineer writes it with test/fixtures/lab/capture.sh)`);
  return readFileSync(path, 'utf8');
}

interface Manifest {
  floatingIps: Array<{ floating: string; fixed: string; namespace: string; device: string }>;
  dhcp: Array<{ namespace: string; interface: string; networkId: string; pid: number }>;
  instancePorts: Array<{ tap: string; qbr: string; qvb: string; qvo: string; fixedIp: string; tag: number; mac: string; portId: string; sgChains: Record<string, string> }>;
  routers: Array<{ namespace: string }>;
}
const manifest = (): Manifest => JSON.parse(lab('manifest.json')) as Manifest;

const named = (links: readonly IpLink[], name: string) => {
  const l = links.find((x) => x.name === name);
  assert.ok(l, `${name} not in ${links.map((x) => x.name).join(', ')}`);
  return l;
};

describe('lab fixtures: ip', () => {
  it('ip -j -d link and text ip -d link agree on the hybrid port (tap, qbr, qvb/qvo veth pair)', () => {
    const port = manifest().instancePorts[0];
    for (const links of [parseIpJson(lab('ip-j-d-link.json')), parseIpText(lab('ip-d-link.txt'), 'ip -d link')]) {
      const qvo = named(links, port.qvo);
      const qvb = named(links, port.qvb);
      assert.deepEqual([qvo.peer, qvo.linkIndex, qvo.kind], [port.qvb, qvb.index, 'veth']);
      assert.deepEqual([qvb.peer, qvb.linkIndex, qvb.master, qvb.slaveKind], [port.qvo, qvo.index, port.qbr, 'bridge_slave']);
      assert.equal(named(links, port.tap).master, port.qbr);
      assert.equal(named(links, port.qbr).kind, 'bridge');
    }
  });

  it('ip -j -d addr and text ip addr agree on every device and address', () => {
    for (const [json, text] of [['ip-j-d-addr.json', 'ip-addr.txt'], ['ip-j-d-addr-qrouter.json', 'ip-addr-qrouter.txt'], ['ip-j-d-addr-qdhcp.json', 'ip-addr-qdhcp.txt']]) {
      const a = parseIpJson(lab(json), json);
      const b = parseIpText(lab(text), text);
      const view = (ls: IpLink[]) => ls.map((l) => [l.index, l.name, l.mtu, l.state, l.mac, l.master, l.addresses.map((x) => `${x.address}/${x.prefixLength}`)]);
      assert.deepEqual(view(b), view(a), `${json} vs ${text}`);
    }
  });

  it('the router namespace holds qr-/qg- with the floating IP on qg-; the DHCP tap has its address', () => {
    const fip = manifest().floatingIps[0];
    const qg = named(parseIpJson(lab('ip-j-d-addr-qrouter.json')), fip.device);
    assert.ok(qg.addresses.some((a) => a.address === fip.floating && a.prefixLength === 32), `${fip.floating}/32 on ${fip.device}`);
    const dhcp = manifest().dhcp[0];
    assert.ok(named(parseIpText(lab('ip-addr-qdhcp.txt')), dhcp.interface).addresses.some((a) => a.family === 'inet'));
  });

  it('netns list, list-id and kinds match the lab namespaces', () => {
    const list = parseNetnsList(lab('ip-netns-list.txt'));
    const ids = parseNetnsListId(lab('ip-j-netns-list-id.json'));
    assert.deepEqual(list.map((e) => [e.name, e.id]).sort(), ids.map((e) => [e.name, e.nsid]).sort());
    const router = manifest().routers[0].namespace;
    assert.ok(list.some((e) => e.name === router));
    assert.equal(namespaceKind(router), 'qrouter');
    assert.equal(namespaceUuid(manifest().dhcp[0].namespace), manifest().dhcp[0].networkId);
  });

  it('text and JSON routes agree, and rules read', () => {
    for (const ns of ['', '-qrouter', '-qdhcp']) {
      assert.deepEqual(parseIpRoute(lab(`ip-route${ns}.txt`)), parseIpRouteJson(lab(`ip-j-route${ns}.json`)), ns || 'root');
    }
    const fip = manifest().floatingIps[0];
    assert.equal(parseIpRoute(lab('ip-route-qrouter.txt')).find((r) => r.destination === 'default')?.device, fip.device);
    assert.deepEqual(parseIpRule(lab('ip-rule-qrouter.txt')).map((r) => r.table), ['local', 'main', 'default']);
  });
});

describe('lab fixtures: ovs', () => {
  const full = (): OvsState => parseOvsJson(
    { bridge: lab('ovs-vsctl-list-bridge.json'), port: lab('ovs-vsctl-list-port.json'), iface: lab('ovs-vsctl-list-interface.json') },
    '3.1.0',
  );

  it('--format=json list joins to the same bridges, ports and tags as ovs-vsctl show', () => {
    const json = full();
    const show = parseOvsShow(lab('ovs-vsctl-show.txt'));
    const view = (s: OvsState) => s.bridges.map((b) => [b.name, b.failMode, b.datapathType, b.ports.map((p) => [p.name, p.tag]).sort()]).sort();
    assert.deepEqual(view(json), view(show));
  });

  it('the instance qvo carries the VLAN tag and iface-id of its Neutron port', () => {
    const port = manifest().instancePorts[0];
    const qvo = full().bridges.flatMap((b) => b.ports).find((p) => p.name === port.qvo);
    assert.ok(qvo);
    assert.equal(qvo.tag, port.tag);
    assert.equal(qvo.interfaces[0].externalIds['iface-id'], port.portId);
    assert.equal(qvo.interfaces[0].externalIds['attached-mac'], port.mac);
    assert.equal(typeof qvo.interfaces[0].ofport, 'number');
  });

  it('refuses --columns output without _uuid: it cannot be joined', () => {
    assert.throws(
      () => parseOvsJson({ bridge: lab('ovs-vsctl-list-bridge-columns.json'), port: lab('ovs-vsctl-list-port-columns.json'), iface: lab('ovs-vsctl-list-interface-columns.json') }),
      (e: unknown) => e instanceof ParseError && /_uuid/.test(e.message),
    );
  });
});

describe('lab fixtures: iptables and dnsmasq', () => {
  const chainNames = (d: IptablesDump, table: string) => d.tables.find((t) => t.name === table)?.chains.map((c) => c.name) ?? [];

  it('iptables-save and iptables -S of the root namespace give the same filter rules', () => {
    const save = parseIptablesSave(lab('iptables-save-root.txt'));
    const s = parseIptablesAuto(lab('iptables-S-root.txt'));
    assert.equal(save.variant, 'nf_tables');
    assert.match(save.version ?? '', /^1\.8\./);
    const strip = (d: IptablesDump) => d.tables.filter((t) => t.name === 'filter').flatMap((t) => t.chains.map((c) => [c.name, c.policy, c.rules.map((r) => r.raw)]));
    assert.deepEqual(strip(s), strip(save));
  });

  it('the instance port security-group chains exist with physdev dispatch on its tap', () => {
    const port = manifest().instancePorts[0];
    const d = parseIptablesSave(lab('iptables-save-root.txt'));
    for (const name of Object.values(port.sgChains)) assert.ok(chainNames(d, 'filter').includes(name), name);
    const dispatch = d.tables[0].chains.flatMap((c) => c.rules).filter((r) => r.physdevIn === port.tap || r.physdevOut === port.tap);
    assert.ok(dispatch.length >= 3);
    assert.ok(dispatch.every((r) => r.physdevIsBridged && r.comment !== null));
  });

  it('the router nat table yields the manifest floating IP (save with *nat and -t nat -S)', () => {
    const fip = manifest().floatingIps[0];
    const save = parseIptablesSave(lab('iptables-save-qrouter.txt'));
    const natS = parseIptablesSave(lab('iptables-nat-S-qrouter.txt'), 'iptables -t nat -S', 'nat');
    for (const d of [save, natS]) {
      const nat = d.tables.find((t) => t.name === 'nat');
      assert.ok(nat, 'nat table');
      const rules = nat.chains.flatMap((c) => c.rules);
      const dnat = rules.filter((r) => r.target === 'DNAT' && r.destination === `${fip.floating}/32`);
      assert.ok(dnat.length >= 1 && dnat.every((r) => r.targetOptions['--to-destination'] === fip.fixed));
      const snat = rules.find((r) => r.target === 'SNAT' && r.source === `${fip.fixed}/32`);
      assert.deepEqual(snat?.targetOptions, { '--to-source': fip.floating, '--random-fully': '' });
    }
    assert.deepEqual(save.tables.map((t) => t.name).sort(), ['filter', 'mangle', 'nat']);
  });

  it('dnsmasq from ps -fe and ps ww matches the manifest DHCP server', () => {
    const dhcp = manifest().dhcp[0];
    for (const file of ['ps-fe-dnsmasq.txt', 'ps-ww-dnsmasq.txt']) {
      const procs = parseDnsmasqPs(lab(file), file);
      assert.deepEqual(procs.map((p) => [p.pid, p.interface, p.networkId]), [[dhcp.pid, dhcp.interface, dhcp.networkId]], file);
    }
  });
});
