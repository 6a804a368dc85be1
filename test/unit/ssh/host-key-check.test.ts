import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RemoteError } from '../../../src/core/command';
import { checkHostKey, type HostKeyContext } from '../../../src/core/ssh/host-key-check';
import type { HostKeyDecision, HostKeyInfo } from '../../../src/core/ssh/types';

function makeKey(dir: string, name: string, type = 'ed25519'): { blob: Buffer; fp: string; line: string } {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file]);
  const [keyType, base64] = fs.readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/);
  const fp = execFileSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1]!;
  return { blob: Buffer.from(base64!, 'base64'), fp, line: `${keyType} ${base64}` };
}

describe('host key check', () => {
  let dir: string;
  let known: ReturnType<typeof makeKey>;
  let attacker: ReturnType<typeof makeKey>;
  let ecdsa: ReturnType<typeof makeKey>;
  let file: string;
  let asked: HostKeyInfo[];

  const context = (decision: HostKeyDecision, trustedOnce = new Set<string>()): HostKeyContext => ({
    host: '127.0.0.1',
    port: 2222,
    knownHostsFiles: [file],
    trustedOnce,
    callbacks: {
      onUnknownHostKey: async (info) => {
        asked.push(info);
        return decision;
      },
    },
  });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkc-'));
    known = makeKey(dir, 'known');
    attacker = makeKey(dir, 'attacker');
    ecdsa = makeKey(dir, 'ecdsa', 'ecdsa');
  });
  beforeEach(() => {
    file = path.join(dir, `known_hosts_${Math.random().toString(36).slice(2)}`);
    fs.writeFileSync(file, `[127.0.0.1]:2222 ${known.line}\n`);
    asked = [];
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts a known, matching key without asking', async () => {
    await checkHostKey(known.blob, context('reject'));
    assert.equal(asked.length, 0);
  });

  it('refuses a changed key of the same type, naming the host and both fingerprints, without asking', async () => {
    await assert.rejects(checkHostKey(attacker.blob, context('trust-and-save')), (error: unknown) => {
      assert.ok(error instanceof RemoteError);
      assert.equal(error.kind, 'host-key-changed');
      assert.ok(error.message.includes('[127.0.0.1]:2222'), error.message);
      assert.ok(error.message.includes(known.fp), 'names the known fingerprint');
      assert.ok(error.message.includes(attacker.fp), 'names the offered fingerprint');
      return true;
    });
    assert.equal(asked.length, 0);
    assert.equal(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length, 1, 'known_hosts untouched');
  });

  it('refuses a changed key even when a hashed entry holds the old one', async () => {
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    await assert.rejects(checkHostKey(attacker.blob, context('trust-once')), { kind: 'host-key-changed' });
    await checkHostKey(known.blob, context('reject'));
  });

  it('refuses a key marked @revoked', async () => {
    fs.appendFileSync(file, `@revoked [127.0.0.1]:2222 ${attacker.line}\n`);
    await assert.rejects(checkHostKey(attacker.blob, context('trust-once')), /revoked/);
  });

  it('asks about an unknown host and rejects when told so', async () => {
    const ctx = { ...context('reject'), port: 2200 };
    await assert.rejects(checkHostKey(known.blob, ctx), { kind: 'host-key-unknown' });
    assert.equal(asked.length, 1);
    assert.deepEqual([asked[0]!.host, asked[0]!.port, asked[0]!.keyType, asked[0]!.fingerprint, asked[0]!.knownHostsFile], [
      '127.0.0.1',
      2200,
      'ssh-ed25519',
      known.fp,
      file,
    ]);
  });

  it('asks when only a key of another type is known', async () => {
    await assert.rejects(checkHostKey(ecdsa.blob, context('reject')), { kind: 'host-key-unknown' });
    assert.equal(asked.length, 1);
  });

  it('trust-and-save appends a plain OpenSSH line and does not ask again', async () => {
    const ctx = { ...context('trust-and-save'), port: 2200 };
    await checkHostKey(attacker.blob, ctx);
    const saved = fs.readFileSync(file, 'utf8').trim().split('\n')[1];
    assert.equal(saved, `[127.0.0.1]:2200 ${attacker.line}`);
    const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.1]:2200', '-f', file], { encoding: 'utf8' });
    assert.ok(found.includes(attacker.line.split(' ')[1]!), 'OpenSSH finds the saved key');
    await checkHostKey(attacker.blob, { ...context('reject'), port: 2200 });
    assert.equal(asked.length, 1);
  });

  it('trust-once remembers the key in memory only', async () => {
    const memory = new Set<string>();
    await checkHostKey(attacker.blob, { ...context('trust-once', memory), port: 2200 });
    await checkHostKey(attacker.blob, { ...context('reject', memory), port: 2200 });
    assert.equal(asked.length, 1);
    assert.equal(fs.readFileSync(file, 'utf8').trim().split('\n').length, 1, 'nothing saved');
    await assert.rejects(checkHostKey(attacker.blob, { ...context('reject'), port: 2200 }), { kind: 'host-key-unknown' });
  });

  it('a throwing decision callback is a refusal', async () => {
    const ctx: HostKeyContext = {
      ...context('reject'),
      port: 2200,
      callbacks: { onUnknownHostKey: async () => Promise.reject(new Error('no UI')) },
    };
    await assert.rejects(checkHostKey(known.blob, ctx), { kind: 'host-key-unknown' });
  });
});
