import { strict as assert } from 'node:assert';
import type { Lesson } from '../../../src/core/lesson/schema';
import { prepareStep, type PreparedStep } from '../../../src/core/lesson/step';
import type { Topology } from '../../../src/core/model/types';
import { quoteArg } from '../../../src/core/shell/quote';
import {
  labManifest,
  labTopology,
  lesson,
  renameNamespace,
  withBackend,
  withoutDhcp,
  withoutFloating,
  withoutInstance,
  withoutRouter,
} from './fixtures';

function prepared(l: Lesson, topology: Topology | undefined, sudo = true): Map<string, PreparedStep> {
  return new Map(l.steps.map((s) => [s.id, prepareStep(s, topology, { sudo })]));
}

/** The invariant: nothing runnable holds an unfilled or empty placeholder. */
function assertNoBrokenCommand(steps: Map<string, PreparedStep>): void {
  for (const step of steps.values()) {
    for (const c of step.commands) {
      if (c.spec === null) {
        assert.equal(c.text, null);
        assert.ok(c.missing.length > 0, `${step.id}/${c.id} says what is missing`);
        continue;
      }
      for (const arg of [...c.spec.argv, c.spec.namespace ?? 'x']) {
        assert.ok(arg.length > 0 && !arg.includes('{{') && !arg.includes('}}'), `${step.id}/${c.id}: ${JSON.stringify(arg)}`);
      }
    }
    for (const check of step.checks) {
      if (check.question !== null) assert.ok(!check.question.includes('{{') && check.accept.every((a) => a !== '' && !a.includes('{{')));
    }
  }
}

describe('lesson steps on the lab', () => {
  it('every step is runnable, with the lab’s names in the commands', async () => {
    const l = await lesson();
    const steps = prepared(l, await labTopology());
    assertNoBrokenCommand(steps);
    const m = labManifest();
    for (const step of steps.values()) {
      assert.deepEqual(step.blocked, [], `${step.id} is not blocked`);
      for (const c of step.commands) assert.ok(c.spec, `${step.id}/${c.id} runs`);
    }
    const inbound = steps.get('security-groups')!.commands[0]!;
    assert.deepEqual(inbound.spec?.argv, ['iptables', '-S', m.instancePorts[0]!.sgChains.inbound]);
    assert.equal(inbound.spec?.sudo, true);
    assert.equal(inbound.text, `sudo -n iptables -S ${m.instancePorts[0]!.sgChains.inbound}`);
    const dhcp = steps.get('namespaces')!.commands.find((c) => c.id === 'dhcp-addresses')!;
    assert.equal(dhcp.spec?.namespace, m.dhcp[0]!.namespace);
    assert.equal(dhcp.text, `sudo -n ip netns exec ${m.dhcp[0]!.namespace} ip addr`);
    const floating = steps.get('routing')!.checks.find((c) => c.id === 'floating-fixed')!;
    assert.equal(floating.question, `Which fixed IP is behind floating IP ${m.floatingIps[0]!.floating}?`);
    assert.deepEqual(floating.accept, [m.floatingIps[0]!.fixed]);
    assert.deepEqual(steps.get('security-groups')!.inspector, {
      label: 'Open in chain inspector',
      mode: 'port',
      namespace: null,
      portPrefix: m.instancePorts[0]!.prefix11,
      device: m.instancePorts[0]!.tap,
    });
    assert.deepEqual(steps.get('routing')!.inspector?.namespace, m.routers[0]!.namespace);
    assert.deepEqual(
      steps.get('hybrid-bridge')!.treeTargets.map((t) => t.target),
      [
        { namespace: null, name: m.instancePorts[0]!.tap },
        { namespace: null, name: m.instancePorts[0]!.qbr },
        { namespace: null, name: m.instancePorts[0]!.qvb },
        { namespace: null, name: m.instancePorts[0]!.qvo },
        { ovsBridge: 'br-int' },
      ],
    );
  });

  it('a host without sudo runs the same commands without sudo -n', async () => {
    const steps = prepared(await lesson(), await labTopology(), false);
    const c = steps.get('routing')!.commands[0]!;
    assert.equal(c.spec?.sudo, false);
    assert.match(c.text ?? '', /^ip netns exec qrouter-/);
  });

  it('drops "Show in tree" targets that do not exist on the host', async () => {
    const steps = prepared(await lesson(), await labTopology());
    const labels = steps.get('devices')!.treeTargets.map((t) => t.label);
    assert.ok(labels.includes('br-int'));
    assert.ok(!labels.includes('virbr0 (libvirt)'), 'the lab has no libvirt bridge');
  });
});

describe('lesson steps degrade when the lab lacks something', () => {
  it('no instance port: the port steps say to boot an instance and build no command', async () => {
    const steps = prepared(await lesson(), withoutInstance(await labTopology()));
    assertNoBrokenCommand(steps);
    for (const id of ['security-groups', 'hybrid-bridge']) {
      const step = steps.get(id)!;
      assert.deepEqual(step.blocked.map((m) => m.key), ['instancePort']);
      assert.match(step.blocked[0]!.message, /Boot an instance/);
      assert.ok(step.commands.every((c) => c.spec === null));
      assert.equal(step.inspector, null);
    }
    assert.ok(steps.get('devices')!.commands.every((c) => c.spec !== null), 'step 1 needs no instance');
    const path = steps.get('devices')!.treeTargets.map((t) => t.label);
    assert.ok(!path.includes('tap (the VM\'s NIC)'));
  });

  it('no router: the routing step says to create one; step 5 keeps its commands, its router check waits', async () => {
    const steps = prepared(await lesson(), withoutRouter(await labTopology()));
    assertNoBrokenCommand(steps);
    const routing = steps.get('routing')!;
    assert.deepEqual(routing.blocked.map((m) => m.key), ['router']);
    assert.match(routing.blocked[0]!.message, /openstack router create/);
    const ovs = steps.get('openvswitch')!;
    assert.ok(ovs.commands.every((c) => c.spec !== null));
    const check = ovs.checks.find((c) => c.id === 'namespaced-port')!;
    assert.equal(check.question, null);
    assert.match(check.missing[0]!.message, /router/);
  });

  it('no floating IP: only the floating IP check waits, and says how to get one', async () => {
    const steps = prepared(await lesson(), withoutFloating(await labTopology()));
    assertNoBrokenCommand(steps);
    const routing = steps.get('routing')!;
    assert.deepEqual(routing.blocked, []);
    assert.ok(routing.commands.every((c) => c.spec !== null));
    const floating = routing.checks.find((c) => c.id === 'floating-fixed')!;
    assert.equal(floating.question, null);
    assert.match(floating.missing[0]!.message, /floating IP/);
    assert.match(floating.missing[0]!.message, /openstack server add floating ip/);
    assert.deepEqual(routing.missing.map((m) => m.key), ['floatingIp']);
  });

  it('no DHCP server: the DHCP step says to turn DHCP on', async () => {
    const steps = prepared(await lesson(), withoutDhcp(await labTopology()));
    assertNoBrokenCommand(steps);
    assert.deepEqual(steps.get('dhcp')!.blocked.map((m) => m.key), ['dhcp']);
    const ns = steps.get('namespaces')!;
    assert.equal(ns.commands.find((c) => c.id === 'dhcp-addresses')!.spec, null);
    assert.ok(ns.commands.find((c) => c.id === 'list')!.spec !== null);
  });

  it('another firewall backend: the hybrid steps explain what they need', async () => {
    const steps = prepared(await lesson(), withBackend(await labTopology(), 'ovs-native'));
    assertNoBrokenCommand(steps);
    const step = steps.get('hybrid-bridge')!;
    assert.deepEqual(step.blocked.map((m) => m.key), ['backend:ovs-hybrid']);
    assert.match(step.blocked[0]!.message, /iptables_hybrid/);
    assert.match(step.blocked[0]!.message, /ovs-native/);
  });

  it('no topology yet: steps with placeholders ask for a refresh, plain commands still run', async () => {
    const steps = prepared(await lesson(), undefined);
    assertNoBrokenCommand(steps);
    assert.match(steps.get('routing')!.blocked[0]!.message, /Refresh the host/);
    assert.ok(steps.get('devices')!.commands.every((c) => c.spec !== null));
    assert.deepEqual(steps.get('devices')!.treeTargets, []);
  });
});

describe('hostile names stay data', () => {
  for (const hostile of ['qdhcp-$(touch${IFS}PWNED)', "qdhcp-x';id;'", 'qdhcp-y"$HOME"']) {
    it(`namespace ${hostile}`, async () => {
      const lab = await labTopology();
      const from = labManifest().dhcp[0]!.namespace;
      const steps = prepared(await lesson(), renameNamespace(lab, from, hostile));
      const c = steps.get('namespaces')!.commands.find((x) => x.id === 'dhcp-addresses')!;
      assert.equal(c.spec?.namespace, hostile, 'the name travels as one argv element');
      assert.equal(c.text, `sudo -n ip netns exec ${quoteArg(hostile)} ip addr`);
      assert.ok(c.text?.includes(`'`), 'shown quoted');
    });
  }
});
