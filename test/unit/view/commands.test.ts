// The pure pieces behind commands: iptables targets, terminal lines, settings, ssh config hosts.
import { strict as assert } from 'node:assert';
import { iptablesTargetOf, locate, type HostView } from '../../../src/core/view';
import { parseSettings } from '../../../src/core/settings/schema';
import { checkTarget, parseSshHosts } from '../../../src/core/hosts/ssh-hosts';
import { terminalCommand } from '../../../src/core/commands/terminal';
import { labTopology } from './lab-snapshot';
import { connected, walk } from './walk';

describe('command inputs from tree nodes', () => {
  let host: HostView;
  before(async () => {
    host = connected(await labTopology()).hosts[0]!;
  });

  it('builds the chain inspector target from host, namespace, device and port nodes', () => {
    const rows = walk(connected(host.topology!));
    assert.deepEqual(iptablesTargetOf(rows[0]!.node), { alias: 'lab', namespace: null, mode: 'tables' });
    const router = host.topology!.namespaces.find((n) => n.kind === 'qrouter')!;
    const dhcp = host.topology!.namespaces.find((n) => n.kind === 'qdhcp')!;
    assert.deepEqual(iptablesTargetOf(locate(host, { namespace: router.name })!), { alias: 'lab', namespace: router.name, mode: 'nat' });
    assert.deepEqual(iptablesTargetOf(locate(host, { namespace: dhcp.name })!), { alias: 'lab', namespace: dhcp.name, mode: 'tables' });
    const tap = host.topology!.devices.find((d) => d.role === 'instance-tap')!;
    assert.deepEqual(iptablesTargetOf(locate(host, tap)!), { alias: 'lab', namespace: null, mode: 'port', portPrefix: tap.portPrefix, device: tap.name });
    const port = rows.find((r) => r.node.kind === 'neutronPort' && r.item.contextValue.startsWith('neutronPort.instance'))!;
    assert.deepEqual(iptablesTargetOf(port.node), { alias: 'lab', namespace: null, mode: 'port', portPrefix: tap.portPrefix, device: tap.name });
    const route = rows.find((r) => r.node.kind === 'route')!;
    assert.equal(iptablesTargetOf(route.node), undefined);
  });

  it('quotes the namespace in the terminal command', () => {
    assert.equal(terminalCommand('qrouter-1', true), 'sudo ip netns exec qrouter-1 bash');
    assert.equal(terminalCommand('qdhcp-$(touch${IFS}PWNED)', true), "sudo ip netns exec 'qdhcp-$(touch${IFS}PWNED)' bash");
    assert.equal(terminalCommand("x';id;'", false), `ip netns exec 'x'\\'';id;'\\''' bash`);
    assert.equal(terminalCommand(null, true), 'bash -l');
  });
});

describe('settings', () => {
  it('keeps valid hosts, reports bad and duplicate entries, and defaults the rest', () => {
    const s = parseSettings({
      hosts: [
        { alias: 'lab', target: 'devstack-lab', sshConfigFile: '/tmp/ssh_config' },
        { alias: 'lab', target: 'other' },
        { alias: '', target: 'x' },
        'stack@host',
        { alias: 'nopw', target: 'stack-nopw@127.0.0.1:2222', sudo: false },
      ],
      autoRefreshIntervalSeconds: 'soon',
    });
    assert.deepEqual(s.hosts.map((h) => h.alias), ['lab', 'nopw']);
    assert.equal(s.hosts[1]!.sudo, false);
    assert.equal(s.problems.length, 3);
    assert.match(s.problems[0]!, /hosts\[1\].*used twice/);
    assert.equal(s.autoRefresh, false);
    assert.equal(s.autoRefreshIntervalSeconds, 30);
    assert.equal(s.hideLoopback, true);
    assert.equal(s.knownHostsFile, undefined);
  });
});

describe('ssh config hosts for "Add host"', () => {
  it('offers concrete Host entries once, without wildcards', () => {
    const hosts = parseSshHosts(
      ['Host devstack-lab lab2', '  HostName 127.0.0.1', '  Port 2222', '  User stack', '', 'Host *.internal !bad', '  User x', 'Host lab2', '  User y', 'Host *', '  ServerAliveInterval 30', ''].join('\n'),
    );
    assert.deepEqual(hosts, [
      { host: 'devstack-lab', hostName: '127.0.0.1', user: 'stack', port: '2222' },
      { host: 'lab2', hostName: '127.0.0.1', user: 'stack', port: '2222' },
    ]);
  });

  it('accepts user@host[:port] targets and explains bad ones', () => {
    for (const ok of ['stack@192.0.2.10', 'stack@devstack:2222', 'devstack', 'root@[fd00::2]:22']) assert.equal(checkTarget(ok), undefined, ok);
    assert.match(checkTarget('')!, /user@host/);
    assert.match(checkTarget('stack@host:99999')!, /1–65535/);
    assert.match(checkTarget('stack@ho st')!, /spaces/);
    assert.match(checkTarget('a@b@c:x')!, /user@host/);
  });
});
