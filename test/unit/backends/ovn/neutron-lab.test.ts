// A real Neutron 21 + OVN 23.03 node (test/fixtures/neutron-ovn, copied from the neutron-lab helper's
// captures; INDEX.md there lists each command). The NB/SB tables were captured one `list` each; the
// snapshot's single ovn-nbctl run prints the same tables one after another, which is how they are joined here.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAcls } from '../../../../src/core/backends/ovn/parse/acl';
import { parseNats } from '../../../../src/core/backends/ovn/parse/nat';
import { parseNbShow } from '../../../../src/core/backends/ovn/parse/nb-show';
import { parseSbShow } from '../../../../src/core/backends/ovn/parse/sb-show';
import { parseTrace } from '../../../../src/core/backends/ovn/parse/trace';
import { explainTrace } from '../../../../src/core/backends/ovn/trace';
import { ovnSecurityView } from '../../../../src/core/backends/ovn/inspector';
import { buildTopology } from '../../../../src/core/model/build';
import { splitSections } from '../../../../src/core/snapshot/parse';
import { assembleSnapshot, TEST_NONCE } from '../../snapshot/assemble';
import { neutronOvnTopology } from './fixtures';
import { loadLesson } from '../../../../src/core/lesson/load';
import { prepareStep } from '../../../../src/core/lesson/step';
import { checkAnswer } from '../../../../src/core/lesson/checks';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'neutron-ovn');
const file = (name: string) => readFileSync(join(DIR, name), 'utf8');


describe('OVN on a real Neutron 21 node', () => {
  const topo = neutronOvnTopology();
  const ovn = topo.ovn!;
  const ports = ovn.switches.flatMap((s) => s.ports);

  it('recognises every Neutron port (the issue measured 1 of 6), each with its id and kind', () => {
    assert.deepEqual(topo.errors.filter((e) => e.section.startsWith('ovn')), []);
    assert.deepEqual(ovn.switches.map((s) => s.networkName).sort(), ['private', 'private2', 'public']);
    const neutron = ports.filter((p) => p.neutronPortId !== null);
    assert.equal(neutron.length, 8);
    assert.deepEqual([...new Set(ports.map((p) => p.kind))].sort(), ['instance', 'metadata', 'provider', 'router-gateway', 'router-interface']);
    const vm1 = ports.find((p) => p.portName === 'vm1-port')!;
    assert.equal(vm1.neutronPortId, '7322bfda-986d-43ad-bd89-017f26c8de15');
    assert.ok(vm1.device !== null, 'the instance port is linked to its br-int interface');
    assert.ok(vm1.chassis !== null, 'and to the chassis that binds it');
  });

  it('shows the router, the floating IP and the security-group rules', () => {
    const r = ovn.routers[0];
    assert.equal(r.routerName, 'router1');
    assert.deepEqual(r.nat.filter((n) => n.type === 'dnat_and_snat').map((n) => [n.externalIp, n.logicalIp]), [['172.24.4.46', '10.0.0.23']]);
    const sec = ovnSecurityView(ovn, '7322bfda-986d-43ad-bd89-017f26c8de15')!;
    assert.ok(sec.groups.some((g) => g.inbound.some((a) => /^allow inbound TCP 22 from anywhere \(rule [0-9a-f-]{36}\)$/.test(a.explanation))), JSON.stringify(sec.groups.map((g) => g.inbound.map((a) => a.explanation))));
  });

  it('the metadata veth is an ovnmeta veth with no port id, not an instance port', () => {
    const inside = topo.devices.find((d) => d.namespace === 'ovnmeta-0774ed18-99de-4ffc-89a1-aab53afa8690' && d.name.startsWith('tap'))!;
    assert.deepEqual([inside.role, inside.portPrefix], ['ovn-metadata-veth', null]);
    const outside = topo.devices.find((d) => d.namespace === null && d.name === 'tap0774ed18-90')!;
    assert.deepEqual([outside.role, outside.portPrefix], ['ovn-metadata-veth', null]);
    assert.ok(!topo.ports.some((p) => p.prefix === '0774ed18-90'));
    assert.equal(ovn.metadata[0].proxy, 'haproxy');
  });

  it('the text forms of the same node parse alike', () => {
    const show = parseNbShow(file('ovn-nbctl-show.txt'));
    assert.equal(show.switches.reduce((n, s) => n + s.ports.length, 0), ports.length);
    assert.equal(parseSbShow(file('ovn-sbctl-show.txt')).chassis.length, ovn.chassis.length);
    assert.deepEqual(parseNats(file('ovn-nbctl-lr-nat-list.txt')).map((n) => n.type), ['dnat_and_snat', 'snat', 'snat']);
    // The capture loops over port groups and prints "== <group>" before each acl-list.
    const acls = parseAcls(file('ovn-nbctl-acl-list.txt').split('\n').filter((l) => !l.startsWith('== ')).join('\n'));
    assert.equal(acls.length, ovn.portGroups.reduce((n, g) => n + g.acls.length, 0));
  });

  it('the real trace from the outside to the floating IP on tcp/22 ends at the instance port', () => {
    for (const name of ['ovn-trace-detailed.txt', 'ovn-trace-ovs.txt']) {
      const t = explainTrace(parseTrace(file(name)), ovn);
      assert.deepEqual([t.result.kind, t.result.kind === 'delivered' ? t.result.lsp : null], ['delivered', '7322bfda-986d-43ad-bd89-017f26c8de15'], name);
      assert.ok(t.steps.some((s) => s.nat?.externalIp === '172.24.4.46'), name);
    }
  });

  it('the OVN edition of the lesson fills every command and check with this node\'s ids; its checks pass on real output', async () => {
    const lesson = await loadLesson(join(__dirname, '..', '..', '..', '..', 'media', 'lessons', 'under-the-hood-ovn'));
    assert.equal(lesson.steps.length, 8);
    for (const step of lesson.steps) {
      const prepared = prepareStep(step, topo, { sudo: true });
      assert.deepEqual(prepared.missing, [], step.id);
      for (const c of prepared.commands) assert.ok(c.spec !== null, `${step.id}/${c.id}`);
    }
    const nat = prepareStep(lesson.steps.find((s) => s.id === 'nat')!, topo, { sudo: true });
    assert.equal(nat.checks[0].question, 'Which fixed IP is behind the floating IP 172.24.4.46?');
    assert.equal(checkAnswer(nat.checks[0], '10.0.0.23').correct, true);
    const trace = prepareStep(lesson.steps.find((s) => s.id === 'trace')!, topo, { sudo: true });
    assert.match(trace.commands[0].spec!.argv.at(-1)!, /^inport == "provnet-77d92b4c-1ae9-40f9-99de-1e0876cbb289" && .* eth\.dst == fa:16:3e:44:2f:41 && .* ip4\.dst == 172\.24\.4\.46 /);
    const dnat = file('ovn-trace-detailed.txt').split('\n').filter((l, i, all) => l.includes('lr_in_dnat') || all[i - 1]?.includes('lr_in_dnat')).join('\n');
    assert.equal(checkAnswer(trace.checks[0], dnat).correct, true, dnat);
    const acls = prepareStep(lesson.steps.find((s) => s.id === 'acls')!, topo, { sudo: true });
    const ssh = file('ovn-nbctl-acl-list.txt').split('\n').find((l) => l.includes('tcp.dst == 22'))!;
    assert.equal(checkAnswer(acls.checks[1], ssh).correct, true);
  });

  it('on a host without OVN, the OVN steps say why they cannot run', async () => {
    const lesson = await loadLesson(join(__dirname, '..', '..', '..', '..', 'media', 'lessons', 'under-the-hood-ovn'));
    const plain = buildTopology(splitSections(assembleSnapshot([['hostname', 'x']]), TEST_NONCE), { target: 'x', takenAt: 0 });
    const step = prepareStep(lesson.steps[1], plain, { sudo: true });
    assert.match(step.missing[0].message, /needs an ML2\/OVN node/);
  });
});
