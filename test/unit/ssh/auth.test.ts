// The authHandler's choices and secret handling, driven the way ssh2 drives it.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AnyAuthMethod, AuthenticationType } from 'ssh2';
import { createAuthSession } from '../../../src/core/ssh/auth';
import type { ResolvedHost } from '../../../src/core/ssh/config';
import type { SecretRequest } from '../../../src/core/ssh/types';

function host(identityFiles: string[]): ResolvedHost {
  return {
    name: 'lab',
    hostName: '127.0.0.1',
    port: 2222,
    user: 'stack',
    identityFiles,
    identityFilesConfigured: true,
    identitiesOnly: true,
    knownHostsFiles: [],
    jumps: [],
  };
}

/** One authHandler round: what ssh2 would try next (false = give up). */
function next(session: ReturnType<typeof createAuthSession>, left: AuthenticationType[] | null): Promise<AnyAuthMethod | false> {
  return new Promise((resolve) => session.handler(left, false, resolve));
}

describe('ssh authentication order and secrets', () => {
  let dir: string;
  let plainKey: string;
  let encryptedKey: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-'));
    plainKey = path.join(dir, 'plain');
    encryptedKey = path.join(dir, 'encrypted');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', plainKey]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'correct horse', '-f', encryptedKey]);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('tries none, then keys in config order, then password (asking, with retries)', async () => {
    const requests: SecretRequest[] = [];
    const results: [SecretRequest, boolean][] = [];
    const answers = ['wrong horse', 'correct horse', 'pw1', 'pw2'];
    const session = createAuthSession(
      host([path.join(dir, 'missing'), plainKey, encryptedKey]),
      {
        askSecret: async (request) => {
          requests.push(request);
          return answers.shift();
        },
        secretResult: (request, ok) => results.push([request, ok]),
      },
      undefined,
    );
    const left: AuthenticationType[] = ['publickey', 'password'];
    assert.equal((await next(session, null) as AnyAuthMethod).type, 'none');

    const first = (await next(session, left)) as AnyAuthMethod & { key?: { getPublicSSH(): Buffer } };
    assert.equal(first.type, 'publickey');
    const plainPub = fs.readFileSync(`${plainKey}.pub`, 'utf8').split(' ')[1];
    assert.equal(first.key!.getPublicSSH().toString('base64'), plainPub, 'the missing file is skipped; plain key first');

    const second = (await next(session, left)) as AnyAuthMethod & { key?: { getPublicSSH(): Buffer } };
    assert.equal(second.type, 'publickey');
    assert.equal(second.key!.getPublicSSH().toString('base64'), fs.readFileSync(`${encryptedKey}.pub`, 'utf8').split(' ')[1]);
    assert.deepEqual(
      requests.map((r) => [r.kind, r.keyFile, r.retry]),
      [
        ['passphrase', encryptedKey, false],
        ['passphrase', encryptedKey, true],
      ],
    );
    assert.deepEqual(results.map(([r, ok]) => [r.kind, ok]), [
      ['passphrase', false],
      ['passphrase', true],
    ]);

    const password = await next(session, left);
    assert.deepEqual(password, { type: 'password', username: 'stack', password: 'pw1' });
    const retry = await next(session, left); // being called again = pw1 failed
    assert.deepEqual(retry, { type: 'password', username: 'stack', password: 'pw2' });
    assert.deepEqual(results.slice(2).map(([r, ok]) => [r.kind, r.retry, ok]), [['password', false, false]]);
    session.succeeded();
    assert.deepEqual(results.slice(3).map(([r, ok]) => [r.kind, r.retry, ok]), [['password', true, true]]);
    assert.deepEqual(session.tried, [`key ${plainKey}`, `key ${encryptedKey}`, 'password']);
  });

  it('skips methods the server does not offer and stops when the user cancels', async () => {
    let asked = 0;
    const session = createAuthSession(host([plainKey]), { askSecret: async () => (asked++, undefined) }, undefined);
    await next(session, null);
    assert.equal(await next(session, ['password']), false, 'no publickey offered; password cancelled');
    assert.equal(asked, 1, 'a cancelled password prompt is not repeated');
  });

  it('offers the agent first when SSH_AUTH_SOCK is set (IdentitiesOnly filters it by the .pub files)', async () => {
    const session = createAuthSession(host([plainKey]), { askSecret: async () => undefined }, '/nonexistent/agent.sock');
    await next(session, null);
    const agent = (await next(session, ['publickey'])) as AnyAuthMethod;
    assert.equal(agent.type, 'agent');
    assert.equal((await next(session, ['publickey']) as AnyAuthMethod).type, 'publickey');
  });
});
