// Issue 9, part 2: a swapped host key is refused before any credential is sent;
// an unknown key with no decision is refused.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/core/command';
import { labPaths, requireLab, restoreHostKey, sshdLogMark, sshdLogSince, swapHostKey } from '../lab/control';
import { labPool, rejection } from './lab-pool';

const echo = { argv: ['echo', 'hello'], parse: (s: string) => s.trim() };
/** sshd (LogLevel VERBOSE) logs these for every authentication attempt. */
const AUTH_ATTEMPT = /Accepted|Failed (password|publickey)|Postponed|Invalid user|authentication failure|userauth/i;

/** An ssh config for the lab that offers only a password: no key, no agent. */
function passwordOnlyConfig(): string {
  const lab = requireLab();
  const dir = mkdtempSync(join(tmpdir(), 'mitm-'));
  const file = join(dir, 'ssh_config');
  writeFileSync(
    file,
    [`Host mitm`, `  HostName ${lab.host.hostName}`, `  Port ${lab.host.port}`, `  User ${lab.host.user}`, `  IdentitiesOnly yes`, `  IdentityFile ${join(dir, 'no-such-key')}`, `  UserKnownHostsFile ${labPaths.knownHosts}`, ''].join('\n'),
  );
  return file;
}

describe('man in the middle', function () {
  let savedAgent: string | undefined;
  before(() => {
    savedAgent = process.env.SSH_AUTH_SOCK;
    delete process.env.SSH_AUTH_SOCK;
  });
  after(async () => {
    if (savedAgent !== undefined) process.env.SSH_AUTH_SOCK = savedAgent;
    await restoreHostKey();
  });

  it('a swapped host key is refused with both fingerprints, and no credential reaches the server', async () => {
    const knownBefore = readFileSync(labPaths.knownHosts, 'utf8');
    await swapHostKey();
    const mark = sshdLogMark();
    const lab = labPool({ target: 'mitm', sshConfigFile: passwordOnlyConfig(), decision: 'trust-and-save' });
    try {
      const error = await rejection(run(lab.pool.runner(lab.host), echo));
      assert.equal(error.kind, 'host-key-changed');
      assert.match(error.message, /127\.0\.0\.1/);
      assert.equal(error.message.match(/SHA256:[A-Za-z0-9+/]{43}/g)?.length, 2, error.message);
      assert.deepEqual(lab.secretsAsked, [], 'no password was asked for, so none could be sent');
      assert.deepEqual(lab.unknownKeysSeen, [], 'a changed key is never offered as a decision');
    } finally {
      lab.pool.dispose();
    }
    await new Promise((r) => setTimeout(r, 300)); // let sshd flush its log
    const log = sshdLogSince(mark);
    assert.match(log, /Connection (from|closed)|kex|disconnect/i, `sshd saw the connection:\n${log}`);
    assert.doesNotMatch(log, AUTH_ATTEMPT, `sshd received an authentication attempt:\n${log}`);
    assert.equal(readFileSync(labPaths.knownHosts, 'utf8'), knownBefore, 'known_hosts untouched');
  });

  it('an unknown host key with no decision is refused', async () => {
    await restoreHostKey();
    const emptyKnownHosts = join(mkdtempSync(join(tmpdir(), 'unknown-')), 'known_hosts');
    writeFileSync(emptyKnownHosts, '');
    const lab = labPool({ knownHostsFile: emptyKnownHosts });
    try {
      const error = await rejection(run(lab.pool.runner(lab.host), echo));
      assert.equal(error.kind, 'host-key-unknown');
      assert.equal(lab.unknownKeysSeen.length, 1);
      assert.match(lab.unknownKeysSeen[0], /^SHA256:/);
      assert.equal(readFileSync(emptyKnownHosts, 'utf8'), '', 'nothing recorded');
    } finally {
      lab.pool.dispose();
    }
  });
});
