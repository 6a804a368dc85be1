// "This machine": the local host kind in settings (old entries still load), the read-only
// Neutron detector, the terminal argv, and the add-host flow's as-you-type target check.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terminalArgv, terminalCommand } from '../../../src/core/commands/terminal';
import { detectNeutron, type DetectSources } from '../../../src/core/hosts/local-detect';
import { validateTarget } from '../../../src/core/hosts/ssh-hosts';
import { quoteArgv } from '../../../src/core/shell/quote';
import { LOCAL_TARGET, parseSettings } from '../../../src/core/settings/schema';

/** A fake machine for the detector: files, directories and executables by path. */
function machine(parts: { platform?: string; dirs?: Record<string, string[]>; files?: Record<string, string>; executables?: string[]; path?: string }): DetectSources {
  return {
    platform: parts.platform ?? 'linux',
    pathEnv: parts.path ?? '/usr/local/bin:/usr/bin:/bin',
    readdir: (dir) => {
      const entries = parts.dirs?.[dir];
      if (!entries) throw Object.assign(new Error(`ENOENT: ${dir}`), { code: 'ENOENT' });
      return entries;
    },
    readFile: (file) => {
      const text = parts.files?.[file];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
      return text;
    },
    isExecutable: (file) => (parts.executables ?? []).includes(file),
  };
}

describe('host kinds in settings', () => {
  it('loads entries written before host kinds existed as SSH hosts, unchanged', () => {
    const s = parseSettings({ hosts: [{ alias: 'lab', target: 'devstack-lab', sshConfigFile: '/tmp/c', sudo: false }] });
    assert.deepEqual(s.problems, []);
    assert.deepEqual(s.hosts, [{ alias: 'lab', target: 'devstack-lab', sshConfigFile: '/tmp/c', sudo: false }]);
  });

  it('loads "This machine" (kind local) with no target, next to SSH hosts', () => {
    const s = parseSettings({
      hosts: [
        { alias: 'This machine', kind: 'local', sudo: false },
        { alias: 'lab', kind: 'ssh', target: 'devstack-lab' },
      ],
    });
    assert.deepEqual(s.problems, []);
    assert.deepEqual(s.hosts[0], { alias: 'This machine', kind: 'local', target: LOCAL_TARGET, sudo: false });
    assert.deepEqual(s.hosts[1], { alias: 'lab', kind: 'ssh', target: 'devstack-lab' });
  });

  it('skips, with a reason, an SSH host without target, an unknown kind and an alias used twice across kinds', () => {
    const s = parseSettings({
      hosts: [
        { alias: 'a', kind: 'ssh' },
        { alias: 'b', kind: 'docker', target: 'x' },
        { alias: 'c', kind: 'local' },
        { alias: 'c', target: 'stack@c' },
      ],
    });
    assert.deepEqual(s.hosts.map((h) => [h.alias, h.kind]), [['c', 'local']]);
    assert.equal(s.problems.length, 3);
    assert.match(s.problems[0]!, /hosts\[0\].*target/);
    assert.match(s.problems[1]!, /hosts\[1\].*kind/);
    assert.match(s.problems[2]!, /hosts\[3\].*"c" is used twice/);
  });

  it('keeps numbers in the ranges package.json declares, else the default', () => {
    const s = parseSettings({ commandTimeoutSeconds: 99_999, maxOutputMB: 0, autoRefreshIntervalSeconds: 120 });
    assert.deepEqual([s.commandTimeoutSeconds, s.maxOutputMB, s.autoRefreshIntervalSeconds], [60, 32, 120]);
  });
});

describe('Neutron detection on this machine', () => {
  it('finds namespaces, ovs-vsctl in an sbin dir and Neutron/OVN/OVS processes, and says so', () => {
    const found = detectNeutron(
      machine({
        dirs: { '/run/netns': ['qrouter-1', 'qdhcp-2'], '/proc': ['1', '42', '43', '44', 'self', 'sys'] },
        files: { '/proc/1/comm': 'systemd\n', '/proc/42/comm': 'neutron-openvsw\n', '/proc/43/comm': 'ovn-controller\n', '/proc/44/comm': 'ovs-vswitchd\n' },
        executables: ['/usr/sbin/ovs-vsctl'],
      }),
    );
    assert.equal(found.neutron, true);
    assert.deepEqual(found.evidence, [
      '2 network namespaces in /run/netns',
      'ovs-vsctl at /usr/sbin/ovs-vsctl',
      'running: neutron-openvsw, ovn-controller, ovs-vswitchd',
    ]);
  });

  it('says no on a plain Linux box, on another platform, and when /proc or /run/netns cannot be read', () => {
    const plain = machine({ dirs: { '/run/netns': [], '/proc': ['1', '2'] }, files: { '/proc/1/comm': 'systemd\n', '/proc/2/comm': 'neutron\n' } });
    assert.deepEqual(detectNeutron(plain), { neutron: false, evidence: [] });
    assert.deepEqual(detectNeutron(machine({ platform: 'darwin', dirs: { '/run/netns': ['x'] } })), { neutron: false, evidence: [] });
    assert.deepEqual(detectNeutron(machine({})), { neutron: false, evidence: [] });
  });

  it('finds an ovs-vsctl on the PATH alone', () => {
    const found = detectNeutron(machine({ path: '/opt/ovs/bin', executables: ['/opt/ovs/bin/ovs-vsctl'] }));
    assert.deepEqual(found.evidence, ['ovs-vsctl at /opt/ovs/bin/ovs-vsctl']);
  });

  it('reads this real machine without throwing, and only reports what it saw', () => {
    const found = detectNeutron();
    assert.equal(found.neutron, found.evidence.length > 0);
    for (const line of found.evidence) assert.match(line, /network namespace|ovs-vsctl at \/|running: /);
  });
});

describe('terminal in a namespace', () => {
  it('is the same argv for a local terminal and (quoted) for an ssh pty', () => {
    assert.deepEqual(terminalArgv('qdhcp-$(touch${IFS}PWNED)', true), ['sudo', 'ip', 'netns', 'exec', 'qdhcp-$(touch${IFS}PWNED)', 'bash']);
    assert.deepEqual(terminalArgv('qrouter-1', false), ['ip', 'netns', 'exec', 'qrouter-1', 'bash']);
    assert.deepEqual(terminalArgv(null, true), ['bash', '-l']);
    for (const ns of ['qrouter-1', "x';id;'", null]) assert.equal(terminalCommand(ns, true), quoteArgv(terminalArgv(ns, true)));
  });
});

describe('add host: the target checked as you type', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dsn-target-'));
  const config = join(dir, 'config');
  writeFileSync(
    config,
    ['Host devstack-lab', '  HostName 127.0.0.1', '  Port 2222', '  User stack', '  ProxyJump bastion', 'Host bastion', '  HostName 192.0.2.1', '  User jump', 'Host broken', '  Port eighty', ''].join('\n'),
  );

  it('says where a Host of the ssh config connects, through which jump', () => {
    assert.deepEqual(validateTarget('devstack-lab', config), { severity: 'info', message: 'Connects to stack@127.0.0.1:2222 via bastion' });
    assert.deepEqual(validateTarget('root@192.0.2.7:22', config), { severity: 'info', message: 'Connects to root@192.0.2.7:22' });
  });

  it('is an error for a malformed target or one the ssh config cannot resolve', () => {
    assert.deepEqual(validateTarget('', config), { severity: 'error', message: 'Type user@host or user@host:port' });
    assert.equal(validateTarget('stack@host:99999', config).severity, 'error');
    const broken = validateTarget('broken', config);
    assert.equal(broken.severity, 'error');
    assert.match(broken.message, /ssh config cannot resolve it: invalid port "eighty"/);
  });
});
