// The multi-node real Neutron lab (issue 18): `lab:up -- --neutron ovs-hybrid|ovn --nodes 2` adds a compute
// node (own namespaces, Open vSwitch, agent or ovn-controller, sshd) and binds vm1 there, so the floating IP's
// traffic crosses a real VXLAN or geneve tunnel; `--nodes 3` adds a second compute. Part of `npm run
// test:neutron` for the back ends NEUTRON_BACKENDS selects; needs root and the lock:
//   flock /tmp/devstack-lab.lock env NEUTRON_BACKENDS=ovs-hybrid,ovn npm run test:neutron
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { exec } from '../lab/exec';
import { NeutronApi } from '../lab/neutron/api';
import { computeNode, computeSpec, computeVsctl, tunnelCounters, tunnelQuery } from '../lab/neutron/compute';
import { readNeutronManifest, type NeutronHost, type NeutronManifest } from '../lab/neutron/manifest';
import { backends, type Backend } from '../lab/neutron/paths';
import { probe } from '../lab/neutron/probe';
import { vsctl } from '../lab/ovs';
import { labLeftovers, neutronLabDown, neutronLabUp, wantedBackends } from './cycle';

/** ovs-vsctl prints a string quoted only when it needs to be. */
const unquote = (s: string) => s.trim().replace(/^"(.*)"$/, '$1');
const sbctl = (args: string[]) => exec(['ovn-sbctl', ...args]).stdout.trim();
const ssh = (m: NeutronManifest, h: NeutronHost, argv: string[]) => exec(['ssh', '-F', m.sshConfig, h.alias, ...argv], { allowFail: true, timeoutMs: 30_000 });

/** The lab's manifest after `up`, with its hosts list in order (controller, compute1, …). */
function multiNodeManifest(nodes: number): NeutronManifest & { hosts: NeutronHost[] } {
  const m = readNeutronManifest();
  assert.ok(m, 'lab:up wrote a Neutron manifest');
  assert.ok(m.hosts, 'the multi-node manifest has a hosts list');
  assert.deepEqual(m.hosts.map((h) => h.role), ['controller', ...Array<string>(nodes - 1).fill('compute')]);
  return m as NeutronManifest & { hosts: NeutronHost[] };
}

const wanted: Backend[] = ['ovs-hybrid', 'ovn'];
for (const backend of wantedBackends(backends).filter((b) => wanted.includes(b))) {
  const ovn = backend === 'ovn';
  const tunnel = ovn ? 'geneve' : 'vxlan';
  describe(`real Neutron lab: ${backend}, two nodes (controller + compute1 over ${tunnel.toUpperCase()})`, function () {
    this.timeout(15 * 60_000);
    let m: NeutronManifest & { hosts: NeutronHost[] };
    let controller: NeutronHost;
    let compute: NeutronHost;
    const api = new NeutronApi();
    const vm1 = () => m.instancePorts.find((p) => p.name === 'vm1')!;
    /** where os-vif plugs vm1 into br-int: qvo (hybrid) or the tap itself (ovn) */
    const vm1OvsPort = () => vm1().qvo ?? vm1().tap;

    before(async () => {
      await neutronLabUp(backend, 2);
      m = multiNodeManifest(2);
      [controller, compute] = m.hosts;
    });

    after(async () => {
      await neutronLabDown();
      assert.equal(await labLeftovers(), '', 'lab:verify-clean after down');
    });

    it('the manifest keeps its single-host fields for the controller and names the compute', () => {
      assert.equal(m.host.alias, controller.alias);
      assert.equal(compute.host, computeNode.host);
      assert.equal(compute.alias, computeNode.alias);
      assert.equal(compute.underlayIp, computeNode.underlay.computeIp);
      assert.ok(compute.holderPid !== null && compute.holderPid > 0);
      assert.ok(compute.ovsBridges.includes('br-int'), compute.ovsBridges.join(' '));
      // ovs: the agent's br-tun; ovn: no br-tun and no br-ex on a compute
      assert.equal(compute.ovsBridges.includes('br-tun'), !ovn, compute.ovsBridges.join(' '));
      assert.ok(!compute.ovsBridges.includes('br-ex'), compute.ovsBridges.join(' '));
      assert.equal(vm1().host, computeNode.host);
      assert.ok(!m.devices.some((d) => d.name === vm1().tap), 'vm1 tap is not among the controller devices');
      assert.ok(compute.devices.some((d) => d.name === vm1().tap), 'vm1 tap is among the compute devices');
    });

    if (ovn) {
      it('compute1 is an OVN chassis: ovn-controller and the metadata agent alive in the API, geneve from its underlay IP', async () => {
        const agents = (await api.agents()).filter((a) => a.host === computeNode.host);
        const byBinary = new Map(agents.map((a) => [a.binary, a]));
        assert.equal(byBinary.get('ovn-controller')?.alive, true, `compute1 agents: ${JSON.stringify(agents)}`);
        assert.equal(byBinary.get('neutron-ovn-metadata-agent')?.alive, true, `compute1 agents: ${JSON.stringify(agents)}`);
        assert.equal(sbctl(['--bare', '--columns=hostname', 'find', 'Chassis', `name=${computeNode.host}`]), computeNode.host);
        assert.equal(sbctl(['--bare', '--columns=type', 'find', 'Encap', `chassis_name=${computeNode.host}`]), 'geneve');
        assert.equal(sbctl(['--bare', '--columns=ip', 'find', 'Encap', `chassis_name=${computeNode.host}`]), computeNode.underlay.computeIp);
        // the controller stays the gateway chassis, its encap on the underlay so the tunnel crosses it
        assert.ok(m.neutron.chassis);
        assert.equal(sbctl(['--bare', '--columns=ip', 'find', 'Encap', `chassis_name=${m.neutron.chassis}`]), computeNode.underlay.controllerIp);
        assert.match(unquote(vsctl(['get', 'Open_vSwitch', '.', 'external_ids:ovn-cms-options'])), /enable-chassis-as-gw/);
        // the compute's Open vSwitch: no bridge mappings, the SB over TCP on the underlay
        const ext = (k: string) => unquote(computeVsctl(compute.holderPid!, ['--if-exists', 'get', 'Open_vSwitch', '.', `external_ids:${k}`], true));
        assert.equal(ext('system-id'), computeNode.host);
        assert.equal(ext('ovn-remote'), `tcp:${computeNode.underlay.controllerIp}:6642`);
        assert.equal(ext('ovn-bridge-mappings'), '');
        assert.equal(unquote(computeVsctl(compute.holderPid!, ['get', 'Bridge', 'br-int', 'datapath_type'])), 'netdev');
      });
    } else {
      it("the compute's OVS agent is alive in Neutron's API as compute1, with the underlay as tunnel endpoint", async () => {
        const agents = await api.agents();
        const ovsAgents = agents.filter((a) => a.binary === 'neutron-openvswitch-agent');
        const c = ovsAgents.find((a) => a.host === computeNode.host);
        assert.ok(c, `agents: ${ovsAgents.map((a) => a.host).join(', ')}`);
        assert.equal(c.alive, true);
        assert.equal(ovsAgents.length, 2, 'one OVS agent per node');
        assert.equal(c.configurations?.tunneling_ip, computeNode.underlay.computeIp);
        assert.deepEqual(c.configurations?.tunnel_types, ['vxlan']);
        const ctl = ovsAgents.find((a) => a.host !== computeNode.host)!;
        assert.equal(ctl.configurations?.tunneling_ip, computeNode.underlay.controllerIp, 'the controller tunnels from the underlay in two-node mode');
      });
    }

    it(`vm1-port is bound to compute1 and ACTIVE there${ovn ? ', claimed by its ovn-controller' : ''}`, async () => {
      const port = await api.getPort(vm1().portId);
      assert.equal(port['binding:host_id'], computeNode.host);
      assert.equal(port.status, 'ACTIVE');
      assert.equal(port['binding:vif_type'], 'ovs');
      // plugged on the compute's Open vSwitch, not on the controller's
      assert.equal(unquote(computeVsctl(compute.holderPid!, ['--if-exists', 'get', 'Interface', vm1OvsPort(), 'external_ids:iface-id'], true)), vm1().portId);
      assert.equal(unquote(vsctl(['--if-exists', 'get', 'Interface', vm1OvsPort(), 'external_ids:iface-id'], true)), '');
      if (ovn) {
        const chassisRow = sbctl(['--bare', '--columns=chassis', 'find', 'Port_Binding', `logical_port=${vm1().portId}`]);
        assert.match(chassisRow, /^[0-9a-f-]{36}$/, 'the port binding has a chassis');
        assert.equal(sbctl(['--bare', '--columns=name', 'list', 'Chassis', chassisRow]), computeNode.host);
        assert.equal(sbctl(['--bare', '--columns=up', 'find', 'Port_Binding', `logical_port=${vm1().portId}`]), 'true');
      }
    });

    it(`ping and tcp/22 to the floating IP from outside cross the ${tunnel} tunnel (its counters rise on both sides)`, () => {
      const query = tunnelQuery(tunnel);
      const ctlBefore = tunnelCounters(vsctl(query));
      const cmpBefore = tunnelCounters(computeVsctl(compute.holderPid!, query));
      const toCompute = ctlBefore.find((t) => t.remoteIp === computeNode.underlay.computeIp);
      const toController = cmpBefore.find((t) => t.remoteIp === computeNode.underlay.controllerIp);
      assert.ok(toCompute, `controller ${tunnel} ports: ${JSON.stringify(ctlBefore)}`);
      assert.ok(toController, `compute ${tunnel} ports: ${JSON.stringify(cmpBefore)}`);
      if (ovn) {
        // OVN names a tunnel port after the other chassis: ovn-<its name[:6]>-<n>
        assert.match(toCompute.name, new RegExp(`^ovn-${computeNode.host.slice(0, 6)}-\\d+$`));
        assert.match(toController.name, new RegExp(`^ovn-${m.neutron.chassis!.slice(0, 6)}-\\d+$`));
      }
      const fip = m.floatingIps[0].floating;
      const ping = probe({ from: 'root', to: fip, proto: 'icmp', timeoutSeconds: 3 });
      assert.equal(ping.verdict, 'delivered', ping.detail);
      const tcp = probe({ from: 'root', to: fip, proto: 'tcp', port: 22, timeoutSeconds: 3 });
      assert.equal(tcp.verdict, 'delivered', tcp.detail);
      // ovs-vswitchd refreshes Interface statistics every 5 s: read until both sides show the probes (or 15 s)
      let ctlAfter = toCompute;
      let cmpAfter = toController;
      const rose = () => ctlAfter.tx >= toCompute.tx + 2 && ctlAfter.rx >= toCompute.rx + 2 && cmpAfter.tx >= toController.tx + 2 && cmpAfter.rx >= toController.rx + 2;
      for (let i = 0; i < 15 && !rose(); i++) {
        exec(['sleep', '1']);
        ctlAfter = tunnelCounters(vsctl(query)).find((t) => t.name === toCompute.name)!;
        cmpAfter = tunnelCounters(computeVsctl(compute.holderPid!, query)).find((t) => t.name === toController.name)!;
      }
      assert.ok(ctlAfter.tx >= toCompute.tx + 2 && ctlAfter.rx >= toCompute.rx + 2, `controller ${toCompute.name}: ${JSON.stringify(toCompute)} -> ${JSON.stringify(ctlAfter)}`);
      assert.ok(cmpAfter.tx >= toController.tx + 2 && cmpAfter.rx >= toController.rx + 2, `compute ${toController.name}: ${JSON.stringify(toController)} -> ${JSON.stringify(cmpAfter)}`);
    });

    it('both sshds answer, each with its own host key, and each shows its own Open vSwitch and namespaces', () => {
      const keyOf = (h: NeutronHost) => fs.readFileSync(h.hostKey, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
      assert.notEqual(keyOf(controller), keyOf(compute));
      const privateNet = m.networks.find((n) => n.id === vm1().network)!;
      const secondNet = m.networks.find((n) => n.id !== vm1().network)!;
      // hybrid: the router's namespace on the controller; ovn: each network's ovnmeta- where its instance is
      const controllerOnly = ovn ? `ovnmeta-${secondNet.id}` : m.namespaces.find((n) => n.startsWith('qrouter-'))!;
      const computeOnly = [vm1().guestNamespace, ...(ovn ? [`ovnmeta-${privateNet.id}`] : [])];
      for (const h of [controller, compute]) {
        const scan = exec(['ssh-keyscan', '-T', '5', '-t', 'ed25519', '-p', String(h.sshPort), h.sshHost], { allowFail: true }).stdout;
        assert.ok(scan.includes(keyOf(h)), `${h.alias} (${h.sshHost}:${h.sshPort}) presents ${keyOf(h)}; got:\n${scan}`);
        // StrictHostKeyChecking yes with .lab/known_hosts: the login itself checks the key
        const res = ssh(m, h, ['sudo', 'ovs-vsctl', 'get', 'Open_vSwitch', '.', 'external_ids:hostname']);
        assert.equal(res.code, 0, `ssh ${h.alias}: ${res.stderr}`);
        if (h.role === 'compute') assert.equal(unquote(res.stdout), computeNode.host);
        else assert.notEqual(unquote(res.stdout), computeNode.host);
        const netns = ssh(m, h, ['sudo', 'ip', 'netns', 'list']);
        assert.equal(netns.code, 0, `ssh ${h.alias} ip netns: ${netns.stderr}`);
        for (const ns of computeOnly) assert.equal(netns.stdout.includes(ns), h.role === 'compute', `${h.alias} lists ${ns}? ${netns.stdout}`);
        assert.equal(netns.stdout.includes(controllerOnly), h.role === 'controller', `${h.alias} lists ${controllerOnly}? ${netns.stdout}`);
      }
    });
  });
}

if (wantedBackends(backends).includes('ovs-hybrid')) {
  describe('real Neutron lab: ovs-hybrid, three nodes (controller + compute1 + compute2)', function () {
    this.timeout(15 * 60_000);
    let m: NeutronManifest & { hosts: NeutronHost[] };

    before(async () => {
      await neutronLabUp('ovs-hybrid', 3);
      m = multiNodeManifest(3);
    });

    after(async () => {
      await neutronLabDown();
      assert.equal(await labLeftovers(), '', 'lab:verify-clean after down');
    });

    it('three hosts, each over its own ssh alias with its own Open vSwitch, vxlan tunnels between the controller and each compute', () => {
      const [controller, ...computes] = m.hosts;
      const specs = [computeSpec(1), computeSpec(2)];
      assert.deepEqual(computes.map((h) => [h.alias, h.host, h.underlayIp]), specs.map((c) => [c.alias, c.host, c.underlay.computeIp]));
      assert.equal(new Set(m.hosts.map((h) => fs.readFileSync(h.hostKey, 'utf8').trim())).size, 3, 'three host keys');
      // vm2 is bound to and plugged on compute2
      assert.equal(m.instancePorts.find((p) => p.name === 'vm2')?.host, specs[1].host);
      const remotes = (h: NeutronHost) => {
        const res = ssh(m, h, ['sudo', 'ovs-vsctl', '--format=json', '--columns=name,options,statistics', 'find', 'Interface', 'type=vxlan']);
        assert.equal(res.code, 0, `ssh ${h.alias}: ${res.stderr}`);
        return tunnelCounters(res.stdout).map((t) => t.remoteIp).sort();
      };
      for (const h of m.hosts) {
        const res = ssh(m, h, ['sudo', 'ovs-vsctl', 'get', 'Open_vSwitch', '.', 'external_ids:hostname']);
        assert.equal(res.code, 0, `ssh ${h.alias}: ${res.stderr}`);
        assert.equal(unquote(res.stdout), h.host, `${h.alias} shows its own Open vSwitch`);
      }
      assert.deepEqual(remotes(controller), specs.map((c) => c.underlay.computeIp).sort());
      for (const h of computes) assert.ok(remotes(h).includes(controller.underlayIp), `${h.alias} tunnels to the controller`);
    });
  });
}
