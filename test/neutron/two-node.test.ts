// The two-node real Neutron lab (issue 18): `lab:up -- --neutron ovs-hybrid --nodes 2` adds a compute
// node (own namespaces, Open vSwitch, agent, sshd) and binds vm1 there, so the floating IP's traffic
// crosses a real VXLAN tunnel. Part of `npm run test:neutron` (ovs-hybrid); needs root and the lock:
//   flock /tmp/devstack-lab.lock env NEUTRON_BACKENDS=ovs-hybrid npm run test:neutron
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { exec } from '../lab/exec';
import { NeutronApi } from '../lab/neutron/api';
import { computeNode, computeVsctl, vxlanCounters, vxlanQuery } from '../lab/neutron/compute';
import { readNeutronManifest, type NeutronHost, type NeutronManifest } from '../lab/neutron/manifest';
import { backends } from '../lab/neutron/paths';
import { probe } from '../lab/neutron/probe';
import { vsctl } from '../lab/ovs';
import { labLeftovers, neutronLabDown, neutronLabUp, wantedBackends } from './cycle';

/** ovs-vsctl prints a string quoted only when it needs to be. */
const unquote = (s: string) => s.trim().replace(/^"(.*)"$/, '$1');

if (wantedBackends(backends).includes('ovs-hybrid')) {
  describe('real Neutron lab: ovs-hybrid, two nodes (controller + compute1 over VXLAN)', function () {
    this.timeout(15 * 60_000);
    let m: NeutronManifest;
    let controller: NeutronHost;
    let compute: NeutronHost;
    const api = new NeutronApi();

    before(async () => {
      await neutronLabUp('ovs-hybrid', 2);
      const read = readNeutronManifest();
      assert.ok(read, 'lab:up wrote a Neutron manifest');
      m = read;
      assert.ok(m.hosts, 'the two-node manifest has a hosts list');
      assert.deepEqual(m.hosts.map((h) => h.role), ['controller', 'compute']);
      [controller, compute] = m.hosts;
    });

    after(async () => {
      await neutronLabDown();
      assert.equal(await labLeftovers(), '', 'lab:verify-clean after down');
    });

    it('the manifest keeps its single-host fields for the controller and names the compute', () => {
      assert.equal(m.host.alias, controller.alias);
      assert.equal(compute.host, computeNode.host);
      assert.equal(compute.underlayIp, computeNode.underlay.computeIp);
      assert.ok(compute.holderPid !== null && compute.holderPid > 0);
      assert.ok(compute.ovsBridges.includes('br-tun') && compute.ovsBridges.includes('br-int'), compute.ovsBridges.join(' '));
      const vm1 = m.instancePorts.find((p) => p.name === 'vm1')!;
      assert.equal(vm1.host, computeNode.host);
      assert.ok(!m.devices.some((d) => d.name === vm1.tap), 'vm1 tap is not among the controller devices');
      assert.ok(compute.devices.some((d) => d.name === vm1.tap), 'vm1 tap is among the compute devices');
    });

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

    it('vm1-port is bound to compute1 and ACTIVE there', async () => {
      const vm1 = m.instancePorts.find((p) => p.name === 'vm1')!;
      const port = await api.getPort(vm1.portId);
      assert.equal(port['binding:host_id'], computeNode.host);
      assert.equal(port.status, 'ACTIVE');
      assert.equal(port['binding:vif_type'], 'ovs');
      // plugged on the compute's Open vSwitch, not on the controller's
      assert.equal(unquote(computeVsctl(compute.holderPid!, ['--if-exists', 'get', 'Interface', vm1.qvo!, 'external_ids:iface-id'], true)), vm1.portId);
      assert.equal(unquote(vsctl(['--if-exists', 'get', 'Interface', vm1.qvo!, 'external_ids:iface-id'], true)), '');
    });

    it('ping and tcp/22 to the floating IP from outside cross the VXLAN tunnel (its counters rise on both sides)', () => {
      const ctlBefore = vxlanCounters(vsctl(vxlanQuery));
      const cmpBefore = vxlanCounters(computeVsctl(compute.holderPid!, vxlanQuery));
      const toCompute = ctlBefore.find((t) => t.remoteIp === computeNode.underlay.computeIp);
      const toController = cmpBefore.find((t) => t.remoteIp === computeNode.underlay.controllerIp);
      assert.ok(toCompute, `controller vxlan ports: ${JSON.stringify(ctlBefore)}`);
      assert.ok(toController, `compute vxlan ports: ${JSON.stringify(cmpBefore)}`);
      const fip = m.floatingIps[0].floating;
      const ping = probe({ from: 'root', to: fip, proto: 'icmp', timeoutSeconds: 3 });
      assert.equal(ping.verdict, 'delivered', ping.detail);
      const ssh = probe({ from: 'root', to: fip, proto: 'tcp', port: 22, timeoutSeconds: 3 });
      assert.equal(ssh.verdict, 'delivered', ssh.detail);
      // ovs-vswitchd refreshes Interface statistics every 5 s: read until both sides show the probes (or 15 s)
      let ctlAfter = toCompute;
      let cmpAfter = toController;
      const rose = () => ctlAfter.tx >= toCompute.tx + 2 && ctlAfter.rx >= toCompute.rx + 2 && cmpAfter.tx >= toController.tx + 2 && cmpAfter.rx >= toController.rx + 2;
      for (let i = 0; i < 15 && !rose(); i++) {
        exec(['sleep', '1']);
        ctlAfter = vxlanCounters(vsctl(vxlanQuery)).find((t) => t.name === toCompute.name)!;
        cmpAfter = vxlanCounters(computeVsctl(compute.holderPid!, vxlanQuery)).find((t) => t.name === toController.name)!;
      }
      assert.ok(ctlAfter.tx >= toCompute.tx + 2 && ctlAfter.rx >= toCompute.rx + 2, `controller ${toCompute.name}: ${JSON.stringify(toCompute)} -> ${JSON.stringify(ctlAfter)}`);
      assert.ok(cmpAfter.tx >= toController.tx + 2 && cmpAfter.rx >= toController.rx + 2, `compute ${toController.name}: ${JSON.stringify(toController)} -> ${JSON.stringify(cmpAfter)}`);
    });

    it('both sshds answer, each with its own host key, and each shows its own Open vSwitch and namespaces', () => {
      const keyOf = (h: NeutronHost) => fs.readFileSync(h.hostKey, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
      assert.notEqual(keyOf(controller), keyOf(compute));
      for (const h of [controller, compute]) {
        const scan = exec(['ssh-keyscan', '-T', '5', '-t', 'ed25519', '-p', String(h.sshPort), h.sshHost], { allowFail: true }).stdout;
        assert.ok(scan.includes(keyOf(h)), `${h.alias} (${h.sshHost}:${h.sshPort}) presents ${keyOf(h)}; got:\n${scan}`);
        // StrictHostKeyChecking yes with .lab/known_hosts: the login itself checks the key
        const res = exec(['ssh', '-F', m.sshConfig, h.alias, 'sudo', 'ovs-vsctl', 'get', 'Open_vSwitch', '.', 'external_ids:hostname'], { allowFail: true, timeoutMs: 30_000 });
        assert.equal(res.code, 0, `ssh ${h.alias}: ${res.stderr}`);
        if (h.role === 'compute') assert.equal(unquote(res.stdout), computeNode.host);
        else assert.notEqual(unquote(res.stdout), computeNode.host);
        // and its own namespaces: vm1's guest lives on the compute, the router on the controller
        const netns = exec(['ssh', '-F', m.sshConfig, h.alias, 'sudo', 'ip', 'netns', 'list'], { allowFail: true, timeoutMs: 30_000 });
        assert.equal(netns.code, 0, `ssh ${h.alias} ip netns: ${netns.stderr}`);
        const vm1 = m.instancePorts.find((p) => p.name === 'vm1')!;
        const router = m.namespaces.find((n) => n.startsWith('qrouter-'))!;
        assert.equal(netns.stdout.includes(vm1.guestNamespace), h.role === 'compute', `${h.alias}: ${netns.stdout}`);
        assert.equal(netns.stdout.includes(router), h.role === 'controller', `${h.alias}: ${netns.stdout}`);
      }
    });
  });
}

