// Include in ssh_config, checked against OpenSSH itself (`ssh -G`) on the same files.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSshHosts, readSshHosts } from '../../../src/core/hosts/ssh-hosts';
import { readSshConfigText } from '../../../src/core/ssh/config-include';
import { resolveHost } from '../../../src/core/ssh/config';

/** What OpenSSH resolves for a host: hostname, user, port. */
function openssh(config: string, host: string): { hostName: string; user: string; port: number } {
  const out = execFileSync('ssh', ['-G', '-F', config, host], { encoding: 'utf8' });
  const get = (key: string) => new RegExp(`^${key} (.*)$`, 'm').exec(out)?.[1] ?? '';
  return { hostName: get('hostname'), user: get('user'), port: Number(get('port')) };
}

function ours(config: string, host: string): { hostName: string; user: string; port: number } {
  const r = resolveHost(host, config);
  return { hostName: r.hostName, user: r.user, port: r.port };
}

describe('ssh config Include', () => {
  let dir: string;
  const write = (name: string, lines: string[]): string => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sshinc-'));
    write('conf.d/10-lab', ['Host lab', '  HostName 10.0.0.10', '  User stack', '  Port 2222']);
    write('conf.d/20-edge', ['Host edge', '  HostName edge.example.org', 'Host *.cloud', '  User cloud-user']);
    write('conf.d/.hidden', ['Host hidden', '  HostName 10.9.9.9']);
    write('block-part', ['  User inblock', '  Port 2200']);
    write('cloud-part', ['  Port 2022']);
    write('nested-a', [`Include ${dir}/nested-b`]);
    write('nested-b', ['Host deep', '  HostName 10.1.1.1']);
    write('loop', [`Include ${dir}/loop`]);
    write('config', [
      `Include ${dir}/conf.d/*`,
      'Host block',
      '  HostName 10.2.2.2',
      `  Include ${dir}/block-part`,
      '  IdentityFile ~/.ssh/block_key',
      `Include ${dir}/nested-a ${dir}/does-not-exist`,
      'Host *.cloud !secret.cloud',
      `  Include ${dir}/cloud-part`,
      'Host *',
      '  User fallback',
    ]);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const host of ['lab', 'edge', 'db.cloud', 'secret.cloud', 'block', 'deep', 'hidden', 'plain']) {
    it(`resolves "${host}" as OpenSSH does`, () => {
      assert.deepEqual(ours(path.join(dir, 'config'), host), openssh(path.join(dir, 'config'), host));
    });
  }

  it('keeps an Include inside a Host block conditional on that block', () => {
    assert.equal(ours(path.join(dir, 'config'), 'block').user, 'inblock');
    assert.equal(ours(path.join(dir, 'config'), 'lab').port, 2222);
    assert.equal(ours(path.join(dir, 'config'), 'edge').user, 'fallback');
    assert.deepEqual([ours(path.join(dir, 'config'), 'db.cloud').port, ours(path.join(dir, 'config'), 'secret.cloud').port], [2022, 22]);
    assert.deepEqual(resolveHost('block', path.join(dir, 'config')).identityFiles, [path.join(os.homedir(), '.ssh', 'block_key')]);
  });

  it('lists the hosts of included files for "Add host", skipping wildcards and dot files', () => {
    assert.deepEqual(readSshHosts(path.join(dir, 'config')).map((h) => h.host), ['lab', 'edge', 'block', 'deep']);
    assert.deepEqual(parseSshHosts('Include /nowhere\nHost x\n').map((h) => h.host), ['x'], 'text alone is not followed');
  });

  it('reads relative Includes from ~/.ssh, as ssh(1) does for a user config', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sshinc-home-'));
    const saved = process.env.HOME;
    try {
      process.env.HOME = home;
      fs.mkdirSync(path.join(home, '.ssh', 'config.d'), { recursive: true });
      fs.writeFileSync(path.join(home, '.ssh', 'config.d', 'lab'), 'Host rel\n  HostName 10.3.3.3\n');
      fs.writeFileSync(path.join(dir, 'relative'), 'Include config.d/*\n');
      assert.equal(resolveHost('rel', path.join(dir, 'relative')).hostName, '10.3.3.3');
    } finally {
      process.env.HOME = saved;
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('stops an Include loop with a clear error, and treats a missing file as empty', () => {
    assert.throws(() => readSshConfigText(path.join(dir, 'loop')), /Include nested deeper than 16 \(a loop\?\)/);
    assert.equal(readSshConfigText(path.join(dir, 'no-such-config')), '');
  });
});
