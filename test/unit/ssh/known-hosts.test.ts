import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  appendKnownHost,
  findHostEntries,
  fingerprint,
  formatKnownHostsLine,
  hashHostName,
  keyTypeOf,
  lookupName,
  parseKnownHosts,
  readKnownHosts,
} from '../../../src/core/ssh/known-hosts';

/** A real key made by ssh-keygen: [type, base64 blob, path of the .pub]. */
function makeKey(dir: string, type: 'ed25519' | 'ecdsa' | 'rsa', name: string): { type: string; base64: string; pub: string } {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', name, '-f', file]);
  const [keyType, base64] = fs.readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/);
  return { type: keyType!, base64: base64!, pub: `${file}.pub` };
}

describe('known_hosts', () => {
  let dir: string;
  let ed: ReturnType<typeof makeKey>;
  let ecdsa: ReturnType<typeof makeKey>;
  let other: ReturnType<typeof makeKey>;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-'));
    ed = makeKey(dir, 'ed25519', 'ed');
    ecdsa = makeKey(dir, 'ecdsa', 'ecdsa');
    other = makeKey(dir, 'ed25519', 'other');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads plain names, comma lists, [host]:port, markers and comments', () => {
    const text = [
      '# a comment',
      '',
      `alpha,10.0.0.1 ${ed.type} ${ed.base64}`,
      `[127.0.0.1]:2222 ${ecdsa.type} ${ecdsa.base64} trailing comment`,
      `@revoked beta ${other.type} ${other.base64}`,
      `@cert-authority *.example.org ${other.type} ${other.base64}`,
      `@bogus gamma ${other.type} ${other.base64}`,
      'garbage line',
      `mismatch ssh-rsa ${ed.base64}`,
    ].join('\n');
    const entries = parseKnownHosts(text, 'kh');
    assert.deepEqual(
      entries.map((e) => [e.marker, e.hosts, e.keyType, e.line]),
      [
        [null, 'alpha,10.0.0.1', 'ssh-ed25519', 3],
        [null, '[127.0.0.1]:2222', 'ecdsa-sha2-nistp256', 4],
        ['revoked', 'beta', 'ssh-ed25519', 5],
        ['cert-authority', '*.example.org', 'ssh-ed25519', 6],
      ],
    );
    assert.equal(findHostEntries(entries, '10.0.0.1', 22).length, 1);
    assert.equal(findHostEntries(entries, 'ALPHA', 22).length, 1, 'host names are case-insensitive');
    assert.equal(findHostEntries(entries, 'alpha', 2222).length, 0, 'a non-default port needs a [host]:port entry');
    assert.equal(findHostEntries(entries, '127.0.0.1', 2222)[0]!.keyType, 'ecdsa-sha2-nistp256');
    assert.equal(findHostEntries(entries, '127.0.0.1', 22).length, 0);
  });

  it('honours wildcards and negations', () => {
    const entries = parseKnownHosts(`*.lab,!bad.lab ${ed.type} ${ed.base64}`);
    assert.equal(findHostEntries(entries, 'node1.lab', 22).length, 1);
    assert.equal(findHostEntries(entries, 'bad.lab', 22).length, 0);
    assert.equal(findHostEntries(entries, 'lab', 22).length, 0);
  });

  it('matches lines hashed by ssh-keygen -H', () => {
    const file = path.join(dir, 'hashed');
    fs.writeFileSync(file, `[127.0.0.1]:2222 ${ed.type} ${ed.base64}\nplainhost ${ecdsa.type} ${ecdsa.base64}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes('127.0.0.1') && !text.includes('plainhost'), 'ssh-keygen hashed the names');
    const entries = readKnownHosts([file]);
    assert.ok(entries.every((e) => e.hosts.startsWith('|1|')));
    assert.equal(findHostEntries(entries, '127.0.0.1', 2222)[0]!.key.toString('base64'), ed.base64);
    assert.equal(findHostEntries(entries, 'plainhost', 22)[0]!.keyType, 'ecdsa-sha2-nistp256');
    assert.equal(findHostEntries(entries, '127.0.0.1', 22).length, 0);
    assert.equal(findHostEntries(entries, 'otherhost', 22).length, 0);
  });

  it('prints fingerprints exactly like ssh-keygen -lf', () => {
    for (const key of [ed, ecdsa, other]) {
      const expected = execFileSync('ssh-keygen', ['-lf', key.pub], { encoding: 'utf8' }).split(' ')[1];
      assert.equal(fingerprint(Buffer.from(key.base64, 'base64')), expected);
    }
  });

  it('reads the key type from the blob', () => {
    assert.equal(keyTypeOf(Buffer.from(ecdsa.base64, 'base64')), 'ecdsa-sha2-nistp256');
    assert.equal(keyTypeOf(Buffer.from('nonsense')), '');
  });

  it('appends lines that OpenSSH itself finds (plain, like HashKnownHosts no, and hashed)', () => {
    const file = path.join(dir, 'sub', 'known_hosts');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, `existing ${ed.type} ${ed.base64}`); // no trailing newline
    const key = Buffer.from(ecdsa.base64, 'base64');
    const plain = formatKnownHostsLine('127.0.0.1', 2222, key);
    assert.equal(plain, `[127.0.0.1]:2222 ecdsa-sha2-nistp256 ${ecdsa.base64}`);
    appendKnownHost(file, plain);
    appendKnownHost(file, formatKnownHostsLine('hashed.example', 22, Buffer.from(other.base64, 'base64'), { hashed: true }));
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    assert.equal(lines[0], `existing ${ed.type} ${ed.base64}`);
    assert.equal(lines[1], plain);
    assert.match(lines[2]!, /^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 /);
    const found = (name: string): string => execFileSync('ssh-keygen', ['-F', name, '-f', file], { encoding: 'utf8' });
    assert.match(found('[127.0.0.1]:2222'), new RegExp(ecdsa.base64.replace(/[+/]/g, '\\$&')));
    assert.match(found('hashed.example'), new RegExp(other.base64.replace(/[+/]/g, '\\$&')));
  });

  it('hashes names the way OpenSSH does (HMAC-SHA1 keyed by the salt)', () => {
    const salt = Buffer.alloc(20, 7);
    const field = hashHostName(lookupName('10.1.2.3', 2200), salt);
    const entries = parseKnownHosts(`${field} ${ed.type} ${ed.base64}`);
    assert.equal(findHostEntries(entries, '10.1.2.3', 2200).length, 1);
    assert.equal(findHostEntries(entries, '10.1.2.3', 22).length, 0);
  });

  it('treats a missing file as empty', () => {
    assert.deepEqual(readKnownHosts([path.join(dir, 'nope')]), []);
  });
});
