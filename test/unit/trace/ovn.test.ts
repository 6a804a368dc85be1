// The OVN hop walker (src/core/trace/ovn.ts) on the real Neutron 21 + OVN 23.03 node of the lab
// (test/fixtures/neutron-ovn tables, test/fixtures/neutron/ovn outputs of the same run): the ovn-trace it
// asks for, how it reads the real answer, the reply it asks for, and what it says when it cannot run.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandSpec } from '../../../src/core/command';
import { buildTopology } from '../../../src/core/model/build';
import type { Topology } from '../../../src/core/model/types';
import { splitSections } from '../../../src/core/snapshot/parse';
import { tracePacket } from '../../../src/core/trace';
import { destinationChoices, sourceChoices, traceSourceOf } from '../../../src/core/trace/choices';
import type { TraceRequest } from '../../../src/core/trace/types';
import type { TreeNode } from '../../../src/core/view';
import { neutronSections } from '../backends/ovn/fixtures';
import { assembleSnapshot, TEST_NONCE } from '../snapshot/assemble';

const DIR = join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovn');
const file = (name: string) => readFileSync(join(DIR, name), 'utf8');
const VM1 = '7322bfda-986d-43ad-bd89-017f26c8de15';
const FIP = '172.24.4.46';

function topology(): Topology {
  const sections: [string, string][] = [...neutronSections(), ['route', file('ip-route-root.txt')]];
  return buildTopology(splitSections(assembleSnapshot(sections), TEST_NONCE), { target: 'stack@devstack', takenAt: 0 });
}

/** A host that answers ovn-trace calls from `answers` (in order) and records what it was asked. */
function host(answers: (string | Error)[]) {
  const asked: string[][] = [];
  return {
    asked,
    env: {
      alias: 'lab', sudo: true,
      run: async <T>(spec: CommandSpec<T>): Promise<T> => {
        asked.push([...spec.argv]);
        const a = answers.shift();
        if (a === undefined || a instanceof Error) throw a ?? new Error(`no answer for ${spec.argv.join(' ')}`);
        return spec.parse(a);
      },
    },
  };
}

const req = (from: 'outside' | string, to: string, proto: TraceRequest['proto'], port: number | null): TraceRequest => ({ from: from === 'outside' ? { kind: 'outside' } : { kind: 'port', port: from }, to, proto, port });

describe('packet tracer on a real ML2/OVN node (ovn-trace)', () => {
  const t = topology();

  it('from outside to the floating IP: ovn-trace enters at the provider network\'s localnet port with br-ex\'s MAC, toward the gateway port', async () => {
    const h = host([new Error('stop after the request')]);
    await tracePacket(t, req('outside', FIP, 'tcp', 22), h.env);
    const argv = h.asked[0]!;
    assert.deepEqual(argv.slice(0, 6), ['ovn-trace', '--db=unix:/run/ovn/ovnsb_db.sock', '--ct=new', '--ct=new', '--ct=new', 'neutron-75f810b7-a538-45a0-a4dd-4f090a884d74']);
    // The same microflow the lab's capture used (INDEX.md: ovn-trace-detailed.txt), plus the source port.
    assert.equal(argv[6], 'inport == "provnet-77d92b4c-1ae9-40f9-99de-1e0876cbb289" && eth.src == c6:da:25:76:f5:4e && eth.dst == fa:16:3e:44:2f:41 && ip4.src == 172.24.4.1 && ip4.dst == 172.24.4.46 && ip.ttl == 64 && tcp && tcp.src == 40000 && tcp.dst == 22');
  });

  it('reads the real trace: DNAT by the NAT row, the tcp/22 ACL and its Neutron rule, output to vm1\'s port; a reply it cannot trace makes it unknown', async () => {
    const h = host([file('ovn-trace-detailed.txt'), new Error('ovn-trace: connection refused')]);
    const r = await tracePacket(t, req('outside', FIP, 'tcp', 22), h.env);
    assert.equal(r.verdict, 'unknown', r.line);
    assert.match(r.line, /^the request is delivered to 10\.0\.0\.23 on tap7322bfda-98, allowed by ACL `outport == @pg_ad742bec_c841_4287_8da8_fe9a37efc5c7 && ip4 && ip4\.src == 0\.0\.0\.0\/0 && tcp && tcp\.dst == 22` of pg_ad742bec_c841_4287_8da8_fe9a37efc5c7 \(allow inbound TCP 22 from anywhere \(rule 92163814-5838-4be2-8d0d-75f6d4b3ff49\)\); its reply: unknown: ovn-trace failed/);
    assert.ok(r.steps.some((s) => s.hop === 'DNAT' && /172\.24\.4\.46 ↔ 10\.0\.0\.23 \(dnat to 10\.0\.0\.23\)/.test(s.detail)), r.steps.map((s) => `${s.hop}: ${s.detail}`).join('\n'));
    const delivered = r.steps.find((s) => s.hop === 'delivered');
    assert.equal(delivered?.ref.device, 'tap7322bfda-98');
    assert.match(delivered?.ref.treeId ?? '', /tap7322bfda-98$/, 'the step reveals the tap in the tree');
    // The reply is asked for from vm1's port back to the outside, as an established reply.
    const back = h.asked[1]!;
    assert.deepEqual(back.slice(2, 6), ['--ct=est,rpl', '--ct=est,rpl', '--ct=est,rpl', 'neutron-0774ed18-99de-4ffc-89a1-aab53afa8690']);
    assert.equal(back[6], `inport == "${VM1}" && eth.src == fa:16:3e:59:96:28 && eth.dst == fa:16:3e:19:27:d2 && ip4.src == 10.0.0.23 && ip4.dst == 172.24.4.1 && ip.ttl == 64 && tcp && tcp.src == 22 && tcp.dst == 40000`);
  });

  it('without a live host (a recorded snapshot) it says unknown and names the gap', async () => {
    const r = await tracePacket(t, req(VM1.slice(0, 11), '10.0.0.1', 'icmp', null), { alias: 'lab', sudo: true });
    assert.equal(r.verdict, 'unknown');
    assert.match(r.line, /ovn-trace needs the live host/);
    assert.deepEqual(r.gaps, ['ovn-trace needs the live host (a recorded snapshot cannot run it)']);
  });

  it('from the guest: to the metadata address through the metadata port (and says the route is assumed); to vm2 through the router', async () => {
    const h = host([new Error('stop'), new Error('stop')]);
    await tracePacket(t, req(VM1.slice(0, 11), '169.254.169.254', 'tcp', 80), h.env);
    assert.match(h.asked[0]![6]!, /^inport == "7322bfda-986d-43ad-bd89-017f26c8de15" && eth\.src == fa:16:3e:59:96:28 && eth\.dst == fa:16:3e:9e:66:7b && ip4\.src == 10\.0\.0\.23 && ip4\.dst == 169\.254\.169\.254 /);
    const r = await tracePacket(t, req(VM1.slice(0, 11), '10.0.0.109', 'udp', 53), h.env);
    assert.match(h.asked[1]![6]!, /eth\.dst == fa:16:3e:19:27:d2 && ip4\.src == 10\.0\.0\.23 && ip4\.dst == 10\.0\.0\.109 .* udp && udp\.src == 40000 && udp\.dst == 53$/);
    assert.equal(r.verdict, 'unknown');
  });

  it('an address no OVN router holds is not reachable from outside, from the northbound database\'s evidence', async () => {
    const h = host([]);
    const r = await tracePacket(t, req('outside', '172.24.4.99', 'icmp', null), h.env);
    assert.equal(r.verdict, 'dropped');
    assert.match(r.line, /no OVN router holds 172\.24\.4\.99/);
    assert.equal(h.asked.length, 0);
  });

  it('prefilled choices: floating IPs from the NAT rows; from vm1 its router, the metadata port and address, vm2 and the outside', () => {
    assert.deepEqual(destinationChoices(t, { kind: 'outside' }).map((c) => c.value), [FIP]);
    const from = destinationChoices(t, { kind: 'port', port: VM1.slice(0, 11) }).map((c) => `${c.value} ${c.description}`);
    for (const want of [/^10\.0\.0\.2 the metadata port/, /^10\.0\.0\.1 the router router1/, /^169\.254\.169\.254:80 /, /^10\.0\.0\.109 port e39509f9-66 on private2/, /^172\.24\.4\.1 outside/, /^172\.24\.4\.46 floating IP of 10\.0\.0\.23/]) {
      assert.ok(from.some((f) => want.test(f)), `${want} in ${from.join(' | ')}`);
    }
    assert.ok(sourceChoices(t).some((c) => c.value === VM1.slice(0, 11) && c.description === '10.0.0.23'));
  });

  it('Trace packet… on the OVN tree: an instance port traces from the guest, the router from outside, a metadata port asks', () => {
    const ovn = t.ovn!;
    const sw = ovn.switches.find((s) => s.networkName === 'private')!;
    const node = (part: object) => ({ kind: 'ovn', id: 'x', alias: 'lab', part }) as unknown as TreeNode;
    assert.deepEqual(traceSourceOf(node({ what: 'switchPort', sw, port: sw.ports.find((p) => p.kind === 'instance') })), { alias: 'lab', source: { kind: 'port', port: VM1 } });
    assert.deepEqual(traceSourceOf(node({ what: 'router', router: ovn.routers[0] })), { alias: 'lab', source: { kind: 'outside' } });
    assert.equal(traceSourceOf(node({ what: 'switchPort', sw, port: sw.ports.find((p) => p.kind === 'metadata') })), undefined);
  });
});
