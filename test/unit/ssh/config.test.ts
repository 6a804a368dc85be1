import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTarget, resolveHost } from '../../../src/core/ssh/config';

describe('ssh config resolution', () => {
  let dir: string;
  let config: string;
  const home = os.homedir();

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sshcfg-'));
    config = path.join(dir, 'config');
    fs.writeFileSync(
      config,
      [
        'Host lab',
        '  HostName 127.0.0.1',
        '  Port 2222',
        '  User stack',
        '  IdentityFile ~/.ssh/lab_key',
        `  IdentityFile ${dir}/second_key`,
        '  IdentitiesOnly yes',
        `  UserKnownHostsFile ${dir}/kh1 ~/kh2`,
        '  ConnectTimeout 7',
        '',
        'Host bastion',
        '  HostName bastion.example.org',
        '  User jump',
        '  ProxyJump outer',
        '',
        'Host outer',
        '  HostName outer.example.org',
        '  Port 2022',
        '',
        'Host inner',
        '  HostName 10.0.0.5',
        '  ProxyJump bastion,admin@lab:2200',
        '',
        'Host loop1',
        '  ProxyJump loop2',
        'Host loop2',
        '  ProxyJump loop1',
        '',
        'Host *.web',
        '  HostName %h.internal',
        '  User web',
        '',
        'Host *',
        '  User fallback',
        '',
      ].join('\n'),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('resolves Host, HostName, User, Port, IdentityFile (several, ~), UserKnownHostsFile, IdentitiesOnly', () => {
    const lab = resolveHost('lab', config);
    assert.equal(lab.name, 'lab');
    assert.equal(lab.hostName, '127.0.0.1');
    assert.equal(lab.port, 2222);
    assert.equal(lab.user, 'stack');
    assert.deepEqual(lab.identityFiles, [path.join(home, '.ssh/lab_key'), `${dir}/second_key`]);
    assert.equal(lab.identityFilesConfigured, true);
    assert.equal(lab.identitiesOnly, true);
    assert.deepEqual(lab.knownHostsFiles, [`${dir}/kh1`, path.join(home, 'kh2')]);
    assert.equal(lab.connectTimeoutMs, 7000);
    assert.deepEqual(lab.jumps, []);
  });

  it('lets the target override user and port', () => {
    const lab = resolveHost('admin@lab:2200', config);
    assert.equal(lab.user, 'admin');
    assert.equal(lab.port, 2200);
    assert.equal(lab.hostName, '127.0.0.1');
  });

  it('resolves ProxyJump hops through the same config, first hop first', () => {
    const inner = resolveHost('inner', config);
    assert.equal(inner.user, 'fallback');
    assert.deepEqual(
      inner.jumps.map((j) => `${j.user}@${j.hostName}:${j.port}`),
      ['fallback@outer.example.org:2022', 'jump@bastion.example.org:22', 'admin@127.0.0.1:2200'],
    );
    assert.ok(inner.jumps.every((j) => j.jumps.length === 0));
    assert.deepEqual(inner.jumps[2]!.identityFiles, [path.join(home, '.ssh/lab_key'), `${dir}/second_key`]);
  });

  it('refuses a ProxyJump loop instead of recursing forever', () => {
    assert.throws(() => resolveHost('loop1', config), /ProxyJump/);
  });

  it('expands %h in HostName and applies wildcard sections', () => {
    const web = resolveHost('app.web', config);
    assert.equal(web.hostName, 'app.web.internal');
    assert.equal(web.user, 'web');
  });

  it('uses OpenSSH defaults for a free target and a missing config file', () => {
    const free = resolveHost('root@192.0.2.9:2201', path.join(dir, 'missing'));
    assert.deepEqual([free.user, free.hostName, free.port], ['root', '192.0.2.9', 2201]);
    assert.equal(free.identityFilesConfigured, false);
    assert.ok(free.identityFiles.includes(path.join(home, '.ssh/id_ed25519')));
    assert.deepEqual(free.knownHostsFiles, [path.join(home, '.ssh/known_hosts'), path.join(home, '.ssh/known_hosts2')]);
    assert.equal(free.identitiesOnly, false);
  });

  it('parses user@host[:port] targets, IPv6 and ssh:// forms', () => {
    assert.deepEqual(parseTarget('stack@10.0.0.1:2222'), { user: 'stack', host: '10.0.0.1', port: 2222 });
    assert.deepEqual(parseTarget('devstack'), { user: undefined, host: 'devstack', port: undefined });
    assert.deepEqual(parseTarget('u@[::1]:2200'), { user: 'u', host: '::1', port: 2200 });
    assert.deepEqual(parseTarget('fe80::1'), { user: undefined, host: 'fe80::1', port: undefined });
    assert.deepEqual(parseTarget('ssh://a@b:23'), { user: 'a', host: 'b', port: 23 });
    assert.throws(() => parseTarget('host:99999'), /invalid port/);
    assert.throws(() => parseTarget(''), /empty/);
    assert.throws(() => parseTarget('@host'), /empty user/);
  });
});
