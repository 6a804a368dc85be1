// The model of a real lab snapshot (test/fixtures/lab/snapshot-default.txt) against the lab's manifest.
import { strict as assert } from 'node:assert';
import type { Topology } from '../../../src/core/model/types';
import { defaultManifest, recordedTopology } from './recorded';

describe('model/build on the recorded default lab', () => {
  const manifest = defaultManifest();
  let topo: Topology;
  let execs: number;

  before(async () => {
    const r = await recordedTopology('default');
    topo = r.topo;
    execs = r.runner.calls.length;
  });

  it('came from exactly one exec and has no section errors', () => {
    assert.equal(execs, 1);
    assert.deepEqual(topo.errors, []);
    assert.equal(topo.host.target, 'stack@devstack-lab');
    assert.ok(topo.host.hostname);
    assert.match(topo.host.kernel ?? '', /^\d+\.\d+/);
  });

  it('holds every namespace with its kind and UUID', () => {
    assert.deepEqual(topo.namespaces.map((n) => n.name).sort(), [...manifest.namespaces].sort());
    for (const r of manifest.routers) {
      const ns = topo.namespaces.find((n) => n.name === r.namespace)!;
      assert.equal(ns.kind, 'qrouter');
      assert.equal(ns.uuid, r.id);
      assert.ok(ns.routes.some((x) => x.destination === 'default' && x.gateway === r.defaultGateway));
    }
    for (const n of manifest.networks) {
      const ns = topo.namespaces.find((x) => x.name === n.namespace)!;
      assert.equal(ns.kind, 'qdhcp');
      assert.equal(ns.uuid, n.id);
    }
  });

  it('holds every device in its namespace', () => {
    const keys = new Set(topo.devices.map((d) => d.key));
    for (const d of manifest.devices) assert.ok(keys.has(`${d.namespace ?? ''}/${d.name}`), `${d.namespace}/${d.name}`);
    for (const ns of topo.namespaces) for (const k of ns.devices) assert.ok(keys.has(k));
  });

  it('gives the instance port its roles, qvb↔qvo peers and security-group chains', () => {
    const p = manifest.instancePorts[0];
    const dev = (name: string) => topo.devices.find((d) => d.namespace === null && d.name === name)!;
    assert.equal(dev(p.tap).role, 'instance-tap');
    assert.equal(dev(p.qbr).role, 'hybrid-bridge');
    assert.equal(dev(p.qvb).role, 'veth-bridge-side');
    assert.equal(dev(p.qvo).role, 'veth-ovs-side');
    assert.deepEqual(dev(p.qvb).peer, { namespace: null, name: p.qvo });
    assert.deepEqual(dev(p.qvo).peer, { namespace: null, name: p.qvb });
    assert.equal(dev(p.qvo).ovsBridge, 'br-int');
    assert.equal(dev(p.qvo).ovsTag, p.tag);

    const port = topo.ports.find((x) => x.prefix === p.prefix11)!;
    assert.equal(port.kind, 'instance');
    assert.equal(port.id, p.portId);
    assert.equal(port.mac, p.mac);
    assert.deepEqual(port.devices.map((d) => d.name), [p.tap, p.qbr, p.qvb, p.qvo]);
    assert.deepEqual(port.sgChains, p.sgChains);
    assert.equal(port.ovsBridge, 'br-int');
    assert.equal(port.vlanTag, p.tag);
  });

  it('finds the linux bridge with its members', () => {
    const p = manifest.instancePorts[0];
    assert.deepEqual(topo.linuxBridges.map((b) => b.name).sort(), [...manifest.linuxBridges].sort());
    const qbr = topo.linuxBridges.find((b) => b.name === p.qbr)!;
    assert.deepEqual([...qbr.members].sort(), [p.qvb, p.tap].sort());
  });

  it('ties router ports and the DHCP port to their namespaces', () => {
    const r = manifest.routers[0];
    const qr = topo.ports.find((x) => x.prefix === r.qr.portId.slice(0, 11))!;
    assert.equal(qr.kind, 'router-interface');
    assert.deepEqual(qr.devices, [{ namespace: r.namespace, name: r.qr.name }]);
    assert.ok(qr.addresses.includes(`${r.qr.ip}/${r.qr.prefixLength}`));
    const qg = topo.ports.find((x) => x.prefix === r.qg.portId.slice(0, 11))!;
    assert.equal(qg.kind, 'router-gateway');
    assert.equal(qg.ovsBridge, 'br-ex');
    const n = manifest.networks[0];
    const dhcp = topo.ports.find((x) => x.prefix === n.dhcpPort.portId.slice(0, 11))!;
    assert.equal(dhcp.kind, 'dhcp');
    assert.equal(topo.devices.find((d) => d.name === n.dhcpPort.name)!.role, 'dhcp-port');
  });

  it("gives the instance port its fixed IP, MAC and id, with the evidence for each", () => {
    const p = manifest.instancePorts[0];
    const port = topo.ports.find((x) => x.prefix === p.prefix11)!;
    assert.equal(port.kind, 'instance');
    assert.deepEqual(port.addresses, [p.fixedIp]);
    assert.equal(port.mac, p.mac);
    assert.equal(port.id, p.portId);
    const evidence = port.evidence!.join('\n');
    assert.match(evidence, new RegExp(`MAC ${p.mac}: OVS external_ids:attached-mac of ${p.qvo}`));
    assert.match(evidence, new RegExp(`IP ${p.fixedIp.replace(/\./g, '\\.')} with MAC ${p.mac}: anti-spoofing chain ${p.sgChains.spoofing}`));
  });

  it('matches OVS internal ports moved into namespaces by name, and patch peers', () => {
    const bridges = topo.ovs.bridges.map((b) => b.name).sort();
    assert.deepEqual(bridges, [...manifest.ovsBridges].sort());
    assert.match(topo.ovs.version ?? '', /^\d+\.\d+/);
    const ports = new Map(topo.ovs.bridges.flatMap((b) => b.ports.map((p) => [p.name, p] as const)));
    for (const mp of manifest.ovsPorts) {
      const p = ports.get(mp.name);
      assert.ok(p, mp.name);
      assert.equal(p.bridge, mp.bridge);
      assert.equal(p.tag, mp.tag);
      if (mp.type === 'patch') assert.ok(p.patchPeer && ports.has(p.patchPeer), `${mp.name} patch peer`);
    }
    const r = manifest.routers[0];
    assert.deepEqual(ports.get(r.qr.name)!.device, { namespace: r.namespace, name: r.qr.name });
  });

  it('holds every chain: root tables, and the nat table of router namespaces', () => {
    let routerChains = 0;
    for (const c of manifest.chains) {
      const dump = c.namespace === null ? topo.iptables : c.table === 'nat' ? topo.routerNat[c.namespace] : undefined;
      if (dump === undefined) continue; // other tables of namespaces load on demand
      if (c.namespace !== null) routerChains++;
      const table = dump!.tables.find((t) => t.name === c.table);
      assert.ok(table?.chains.some((x) => x.name === c.name), `${c.namespace} ${c.table} ${c.name}`);
    }
    assert.ok(routerChains > 0, 'the manifest lists router nat chains');
  });

  it('pairs every floating IP with its fixed IP from the router nat rules', () => {
    const got = topo.floatingIps.map((f) => ({ floating: f.floating, fixed: f.fixed, router: f.router }));
    const want = manifest.floatingIps.map((f) => ({ floating: f.floating, fixed: f.fixed, router: f.namespace }));
    assert.deepEqual(got, want);
    const f = topo.floatingIps[0];
    assert.match(f.dnatRule!, /-PREROUTING -d [\d.]+\/32 .*-j DNAT --to-destination/);
    assert.match(f.snatRule!, /-j SNAT --to-source/);
    for (const r of manifest.routers) assert.ok(topo.routerNat[r.namespace], `nat of ${r.namespace}`);
  });

  it('links dnsmasq to its qdhcp namespace, interface and network', () => {
    const got = topo.dhcp.map((d) => ({ namespace: d.namespace, interface: d.interface, networkId: d.networkId, pid: d.pid }));
    const want = manifest.dhcp.map((d) => ({ namespace: d.namespace, interface: d.interface, networkId: d.networkId, pid: d.pid }));
    assert.deepEqual(got, want);
  });

  it('detects the iptables_hybrid backend and says why', () => {
    assert.equal(topo.backend.kind, 'ovs-hybrid');
    assert.ok(topo.backend.evidence.some((e) => e.includes(manifest.instancePorts[0].qbr)));
    assert.ok(topo.backend.evidence.some((e) => e.includes('neutron-openvswi-')));
  });

  it('counts the rules per iptables back end', () => {
    const [main] = topo.iptablesVariants!;
    assert.match(main.tool, /^iptables-save \((nf_tables|legacy)\)$/);
    const rules = topo.iptables!.tables.reduce((n, t) => n + t.chains.reduce((m, c) => m + c.rules.length, 0), 0);
    assert.equal(main.rules, rules);
    assert.ok(rules > 0);
  });

  it('is plain JSON', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(topo)), topo);
  });
});
