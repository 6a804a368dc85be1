import { strict as assert } from 'node:assert';
import { buildArgv, run } from '../../../src/core/command';
import {
  bridgeLinkQuery,
  customQuery,
  displayCommand,
  ipAddrQuery,
  ipNeighQuery,
  ipRouteQuery,
  ipRuleQuery,
  iptablesNatQuery,
  iptablesSaveQuery,
  ovsDumpFlowsQuery,
  ovsListPortsQuery,
  pingQuery,
  socketsQuery,
  splitCommandLine,
} from '../../../src/core/commands/queries';
import { LocalRunner } from '../../../src/core/runners/local';

const QR = 'qrouter-ec19ac36-ace4-4261-82fe-3e26b0b45108';
const HOSTILE = 'qdhcp-$(touch${IFS}PWNED)';

describe('commands/queries', () => {
  it('namespace queries run through `sudo -n ip netns exec <ns>`', () => {
    const t = { namespace: QR, sudo: true };
    assert.deepEqual(buildArgv(ipAddrQuery(t)), ['sudo', '-n', 'ip', 'netns', 'exec', QR, 'ip', 'addr']);
    assert.deepEqual(buildArgv(ipRouteQuery(t)).slice(-2), ['ip', 'route']);
    assert.deepEqual(buildArgv(ipRuleQuery(t)).slice(-2), ['ip', 'rule']);
    assert.deepEqual(buildArgv(ipNeighQuery(t)).slice(-2), ['ip', 'neigh']);
    assert.deepEqual(buildArgv(socketsQuery(t)).slice(-2), ['ss', '-lntup']);
    assert.deepEqual(buildArgv(iptablesSaveQuery(t)).slice(-1), ['iptables-save']);
    assert.deepEqual(buildArgv(iptablesNatQuery(t)).slice(-4), ['iptables', '-t', 'nat', '-S']);
    assert.deepEqual(buildArgv(bridgeLinkQuery(t)).slice(-2), ['bridge', 'link']);
  });

  it('root queries use sudo only where they need root, and never without the host allowing it', () => {
    const root = { namespace: null, sudo: true };
    assert.deepEqual(buildArgv(ipAddrQuery(root)), ['ip', 'addr']);
    assert.deepEqual(buildArgv(iptablesSaveQuery(root)), ['sudo', '-n', 'iptables-save']);
    assert.deepEqual(buildArgv(iptablesSaveQuery({ namespace: null, sudo: false })), ['iptables-save']);
    assert.deepEqual(buildArgv(ovsListPortsQuery('br-int', true)), ['sudo', '-n', 'ovs-vsctl', 'list-ports', 'br-int']);
    assert.deepEqual(buildArgv(ovsDumpFlowsQuery('br-tun', true)), ['sudo', '-n', 'ovs-ofctl', 'dump-flows', 'br-tun']);
  });

  it('refuses an OVS bridge name that the tools would read as an option', () => {
    assert.throws(() => ovsListPortsQuery('--all', true), /bridge named "--all".*option/);
    assert.throws(() => ovsDumpFlowsQuery('-O', true), /bridge named "-O"/);
    assert.deepEqual(buildArgv(ovsListPortsQuery('br-$(id)', false)), ['ovs-vsctl', 'list-ports', 'br-$(id)']);
  });

  it('ping is always bounded (-c, -W) and a lost ping is an answer, not an error', () => {
    const spec = pingQuery({ namespace: QR, sudo: true }, '10.0.0.3', { count: 1000, waitSeconds: 0 });
    assert.deepEqual(spec.argv, ['ping', '-c', '20', '-W', '1', '10.0.0.3']);
    assert.deepEqual(spec.okExitCodes, [0, 1]);
    assert.deepEqual(pingQuery({ namespace: null, sudo: false }, 'fe80::1%eth0').argv.slice(0, 1), ['ping6']);
    assert.throws(() => pingQuery({ namespace: null, sudo: false }, '-f 10.0.0.1'), /not an address/);
    assert.throws(() => pingQuery({ namespace: null, sudo: false }, '10.0.0.1; reboot'), /not an address/);
  });

  it('displayCommand is the exact, quoted line a learner would type', () => {
    assert.equal(displayCommand(ipAddrQuery({ namespace: QR, sudo: true })), `sudo -n ip netns exec ${QR} ip addr`);
    assert.equal(
      displayCommand(ipRouteQuery({ namespace: HOSTILE, sudo: true })),
      `sudo -n ip netns exec 'qdhcp-$(touch\${IFS}PWNED)' ip route`,
    );
    assert.equal(displayCommand(ovsListPortsQuery("x';id;'", false)), String.raw`ovs-vsctl list-ports 'x'\'';id;'\'''`);
  });

  it('the displayed line, pasted into a real shell, passes hostile names through verbatim', async () => {
    for (const name of [HOSTILE, 'v$(id>P)', "x';id;'", 'y"$HOME"']) {
      const line = displayCommand({ argv: ['printf', '%s', name] });
      const out = await run(new LocalRunner(), { argv: ['sh', '-c', line], parse: (o) => o });
      assert.equal(out, name, line);
    }
  });

  it('splits a typed command into argv, or says it is shell syntax', () => {
    assert.deepEqual(splitCommandLine('ip -4 addr show dev "qr-1 x"'), ['ip', '-4', 'addr', 'show', 'dev', 'qr-1 x']);
    assert.deepEqual(splitCommandLine(`arping -c 1 ''`), ['arping', '-c', '1', '']);
    assert.equal(splitCommandLine('ip a | grep inet'), null);
    assert.equal(splitCommandLine('echo $HOME'), null);
    assert.equal(splitCommandLine('echo "$(id)"'), null);
    assert.equal(splitCommandLine('echo "unclosed'), null);
  });

  it('a typed command runs as argv, or as `sh -c <line>` when it uses shell syntax', () => {
    const t = { namespace: QR, sudo: true };
    assert.deepEqual(buildArgv(customQuery(t, 'ip -s link')), ['sudo', '-n', 'ip', 'netns', 'exec', QR, 'ip', '-s', 'link']);
    assert.deepEqual(buildArgv(customQuery(t, 'ip a | grep inet')).slice(-3), ['sh', '-c', 'ip a | grep inet']);
    assert.throws(() => customQuery(t, '   '), /type a command/);
  });

  it('runs for real: argv reaches the program verbatim (no shell)', async () => {
    const spec = customQuery({ namespace: null, sudo: false }, `printf %s 'v$(id>P)'`);
    assert.deepEqual(spec.argv, ['printf', '%s', 'v$(id>P)']);
    assert.equal(await run(new LocalRunner(), spec), 'v$(id>P)');
  });
});
