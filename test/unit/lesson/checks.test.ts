import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkAnswer } from '../../../src/core/lesson/checks';
import { prepareStep, type PreparedCheck } from '../../../src/core/lesson/step';
import { labManifest, labTopology, lesson, withoutFloating } from './fixtures';

async function check(stepId: string, checkId: string, transform = (t: Awaited<ReturnType<typeof labTopology>>) => t): Promise<PreparedCheck> {
  const step = (await lesson()).steps.find((s) => s.id === stepId)!;
  const found = prepareStep(step, transform(await labTopology()), { sudo: true }).checks.find((c) => c.id === checkId);
  assert.ok(found, `${stepId}/${checkId} exists`);
  return found;
}

const right = (c: PreparedCheck, answer: string) => assert.equal(checkAnswer(c, answer).correct, true, `accepts ${JSON.stringify(answer)}`);
const wrong = (c: PreparedCheck, answer: string) => assert.equal(checkAnswer(c, answer).correct, false, `rejects ${JSON.stringify(answer)}`);

describe('lesson answer checks', () => {
  it('chain name: accepts the real chain however it is typed, rejects its siblings', async () => {
    const c = await check('security-groups', 'chain-name');
    const chains = labManifest().instancePorts[0]!.sgChains;
    for (const a of [chains.inbound, `  ${chains.inbound}  `, chains.inbound.toUpperCase(), `"${chains.inbound}"`, `\`${chains.inbound}\``]) right(c, a);
    for (const a of [chains.outbound, chains.spoofing, 'neutron-openvswi-sg-chain', chains.inbound.slice(0, -1), '', '   ']) wrong(c, a);
    const result = checkAnswer(c, chains.inbound);
    assert.match(result.message, /^Correct\./);
    assert.match(checkAnswer(c, chains.outbound).message, /^Not quite\. It is neutron-openvswi-i/);
  });

  it('ssh and icmp rules: accepts the lab’s own rule lines, rejects half an answer', async () => {
    const c = await check('security-groups', 'ssh-icmp-rules');
    const lines = readFileSync(join(__dirname, '..', '..', 'fixtures', 'lab', 'iptables-S-root.txt'), 'utf8').split('\n');
    const inbound = labManifest().instancePorts[0]!.sgChains.inbound;
    const ssh = lines.find((l) => l.startsWith(`-A ${inbound} `) && l.includes('--dport 22'));
    const icmp = lines.find((l) => l.startsWith(`-A ${inbound} `) && l.includes('-p icmp'));
    assert.ok(ssh && icmp, 'the lab has both rules');
    right(c, `${ssh}\n${icmp}`);
    right(c, 'RETURN tcp dpt:22\nRETURN icmp'); // iptables -L form
    wrong(c, ssh);
    wrong(c, icmp);
    wrong(c, 'tcp --dport 220 and icmp');
  });

  it('target: RETURN in any case; ACCEPT is wrong', async () => {
    const c = await check('security-groups', 'allow-target');
    right(c, 'RETURN');
    right(c, ' return ');
    right(c, 'return.');
    wrong(c, 'ACCEPT');
    wrong(c, 'RETURN ACCEPT');
  });

  it('interface name: accepts the DHCP tap, also as pasted from the dnsmasq command line', async () => {
    const c = await check('dhcp', 'dnsmasq-interface');
    const tap = labManifest().dhcp[0]!.interface;
    right(c, tap);
    right(c, `--interface=${tap}`);
    right(c, `${tap}:`);
    wrong(c, 'lo');
    wrong(c, labManifest().instancePorts[0]!.tap);
  });

  it('veth peer: accepts qvo, also in the "name@peer" form ip prints', async () => {
    const c = await check('hybrid-bridge', 'veth-peer');
    const port = labManifest().instancePorts[0]!;
    right(c, port.qvo);
    right(c, `${port.qvo}@${port.qvb}`);
    wrong(c, port.qvb);
  });

  it('fixed IP behind the floating IP: accepts with or without /32, rejects near misses', async () => {
    const c = await check('routing', 'floating-fixed');
    const f = labManifest().floatingIps[0]!;
    right(c, f.fixed);
    right(c, `${f.fixed}/32`);
    right(c, ` ${f.fixed} `);
    wrong(c, f.floating);
    wrong(c, `${f.fixed}0`);
    wrong(c, '10.0.0.');
  });

  it('a check whose objects are missing says so instead of judging', async () => {
    const c = await check('routing', 'floating-fixed', withoutFloating);
    const result = checkAnswer(c, labManifest().floatingIps[0]!.fixed);
    assert.equal(result.correct, false);
    assert.match(result.message, /floating IP/);
  });

  it('packet path: accepts the four devices in order, rejects another order', async () => {
    const c = await check('wrap-up', 'path-order');
    right(c, 'tap, qbr, qvb, qvo');
    right(c, 'tap -> qbr -> qvb -> qvo -> br-int');
    wrong(c, 'tap qvb qbr qvo');
    wrong(c, 'qvo');
  });

  it('rejects answers that are too long', async () => {
    const c = await check('security-groups', 'allow-target');
    wrong(c, 'RETURN '.repeat(1000));
  });
});
