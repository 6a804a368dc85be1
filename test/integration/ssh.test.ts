// The SSH layer against the real lab over real SSH (no mocks). Run under
// `flock /tmp/devstack-lab.lock`. Anything changed in the lab is restored.
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RemoteError, run } from '../../src/core/command';
import { quoteArgv } from '../../src/core/shell/quote';
import { ConnectionPool, type ConnectionEvent } from '../../src/core/ssh';
import type { ConnectCallbacks, HostKeyDecision, HostKeyInfo, HostSpec, PoolOptions, SecretRequest } from '../../src/core/ssh/types';
import { labPaths, requireLab, restoreHostKey, sshdLogMark, sshdLogSince, startSshd, stopSshd, swapHostKey, type Manifest } from '../lab/control';

/** Callbacks that record what the SSH layer asked. */
function recorder(decision: HostKeyDecision = 'reject') {
  const asked: HostKeyInfo[] = [];
  const secrets: SecretRequest[] = [];
  const logs: string[] = [];
  const callbacks: ConnectCallbacks = {
    onUnknownHostKey: async (info) => {
      asked.push(info);
      return decision;
    },
    askSecret: async (request) => {
      secrets.push(request);
      return undefined;
    },
    log: (line) => logs.push(line),
  };
  return { asked, secrets, logs, callbacks };
}

function pgrep(marker: string, user?: string): string {
  try {
    return execFileSync('pgrep', [...(user ? ['-u', user] : []), '-af', marker], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function marker(name: string): string {
  return `devstack-ssh-it-${name}-${process.pid}-${Date.now()}`;
}

function fingerprintOf(pubFile: string): string {
  return execFileSync('ssh-keygen', ['-lf', pubFile], { encoding: 'utf8' }).split(' ')[1]!;
}

/** The lab's Host block for `alias`, re-pointed at another known_hosts file. */
function labConfigWith(knownHosts: string): string {
  return fs.readFileSync(labPaths.sshConfig, 'utf8').replaceAll(labPaths.knownHosts, knownHosts);
}

/** sshd log lines about one client port (the pool logs the local port of each TCP connection). */
function sshdLinesForPort(log: string, port: string): string[] {
  return log.split('\n').filter((line) => new RegExp(`port ${port}\\b`).test(line));
}

function localPorts(logs: readonly string[]): string[] {
  return logs.flatMap((l) => /from local port (\d+)/.exec(l)?.[1] ?? []);
}

const AUTH_LINE = /Accepted|Failed|Postponed|authenticating user|Invalid user/;

describe('SSH layer against the lab', function () {
  this.timeout(120_000);
  let lab: Manifest;
  let dir: string;
  const pools: ConnectionPool[] = [];
  const labHost: HostSpec = { alias: 'lab', target: 'devstack-lab', sshConfigFile: labPaths.sshConfig };

  const pool = (callbacks: ConnectCallbacks, options: PoolOptions = {}): ConnectionPool => {
    const p = new ConnectionPool(callbacks, { commandTimeoutMs: 60_000, ...options });
    pools.push(p);
    return p;
  };

  /** The lab's ssh_config plus `via-jump`: the lab reached through itself as a ProxyJump host. */
  const viaJumpConfig = (name: string, user = lab.host.user): string => {
    const config = path.join(dir, name);
    fs.writeFileSync(
      config,
      [
        fs.readFileSync(labPaths.sshConfig, 'utf8'),
        'Host via-jump',
        '  HostName 127.0.0.1',
        `  Port ${lab.host.port}`,
        `  User ${user}`,
        `  IdentityFile ${labPaths.identity}`,
        `  UserKnownHostsFile ${labPaths.knownHosts}`,
        '  ProxyJump devstack-lab',
        '',
      ].join('\n'),
    );
    return config;
  };

  before(() => {
    lab = requireLab();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssh-it-'));
  });
  afterEach(() => {
    for (const p of pools.splice(0)) p.dispose();
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('connects with the lab ssh_config and runs argv verbatim', async () => {
    const { callbacks, asked } = recorder();
    const runner = pool(callbacks).runner(labHost);
    const hostile = ['qdhcp-$(touch${IFS}PWNED)', 'v$(id>P)', "x';id;'", 'y"$HOME"'];
    const [who, echoed] = await Promise.all([runner.exec(['id', '-un']), runner.exec(['printf', '%s\\n', ...hostile])]);
    assert.equal(who.stdout.trim(), lab.host.user);
    assert.deepEqual(echoed.stdout.split('\n').slice(0, -1), hostile);
    assert.equal(asked.length, 0, 'the lab key is known');
    assert.equal(runner.target, `${lab.host.user}@lab`);
  });

  it('refuses an unknown host key when the caller does not accept it', async () => {
    const knownHosts = path.join(dir, 'kh-empty');
    const config = path.join(dir, 'config-empty');
    fs.writeFileSync(config, labConfigWith(knownHosts));
    const { callbacks, asked, secrets } = recorder('reject');
    const mark = sshdLogMark();
    await assert.rejects(pool(callbacks).runner({ alias: 'u', target: 'devstack-lab', sshConfigFile: config }).exec(['true']), {
      kind: 'host-key-unknown',
    });
    assert.equal(asked.length, 1);
    assert.equal(asked[0]!.fingerprint, fingerprintOf(`${labPaths.hostKey}.pub`));
    assert.deepEqual([asked[0]!.host, asked[0]!.port, asked[0]!.knownHostsFile], ['127.0.0.1', lab.host.port, knownHosts]);
    assert.equal(secrets.length, 0);
    assert.ok(!fs.existsSync(knownHosts), 'nothing saved');
    assert.doesNotMatch(sshdLogSince(mark), /Accepted publickey/);
  });

  it('trust-and-save writes a known_hosts line that OpenSSH accepts', async () => {
    const knownHosts = path.join(dir, 'kh-saved');
    const config = path.join(dir, 'config-saved');
    fs.writeFileSync(config, labConfigWith(knownHosts));
    const { callbacks, asked } = recorder('trust-and-save');
    const result = await pool(callbacks).runner({ alias: 's', target: 'devstack-lab', sshConfigFile: config }).exec(['echo', 'ok']);
    assert.equal(result.stdout, 'ok\n');
    assert.equal(asked.length, 1);
    const [type, key] = fs.readFileSync(`${labPaths.hostKey}.pub`, 'utf8').trim().split(/\s+/);
    assert.equal(fs.readFileSync(knownHosts, 'utf8'), `[127.0.0.1]:${lab.host.port} ${type} ${key}\n`);
    // OpenSSH itself (StrictHostKeyChecking yes in the lab config) now trusts the host.
    const viaOpenSsh = execFileSync('ssh', ['-F', config, 'devstack-lab', 'echo', 'openssh-ok'], { encoding: 'utf8' });
    assert.equal(viaOpenSsh, 'openssh-ok\n');
    // A second pool reads the saved entry and does not ask again.
    const again = recorder('reject');
    await pool(again.callbacks).runner({ alias: 's2', target: 'devstack-lab', sshConfigFile: config }).exec(['true']);
    assert.equal(again.asked.length, 0);
  });

  it('refuses a wrong known_hosts entry before any authentication', async () => {
    const fake = path.join(dir, 'fake_host_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', fake]);
    const [type, key] = fs.readFileSync(`${fake}.pub`, 'utf8').trim().split(/\s+/);
    const knownHosts = path.join(dir, 'kh-wrong');
    fs.writeFileSync(knownHosts, `[127.0.0.1]:${lab.host.port} ${type} ${key}\n`);
    const config = path.join(dir, 'config-wrong');
    fs.writeFileSync(config, labConfigWith(knownHosts));
    const { callbacks, asked, secrets, logs } = recorder('trust-and-save');
    const mark = sshdLogMark();

    await assert.rejects(pool(callbacks).runner({ alias: 'w', target: 'devstack-lab', sshConfigFile: config }).exec(['true']), (error: unknown) => {
      assert.ok(error instanceof RemoteError);
      assert.equal(error.kind, 'host-key-changed');
      assert.ok(error.message.includes(`[127.0.0.1]:${lab.host.port}`), error.message);
      assert.ok(error.message.includes(fingerprintOf(`${fake}.pub`)), 'names the known fingerprint');
      assert.ok(error.message.includes(fingerprintOf(`${labPaths.hostKey}.pub`)), 'names the offered fingerprint');
      return true;
    });
    assert.equal(asked.length, 0, 'a changed key is never offered for a decision');
    assert.equal(secrets.length, 0, 'no secret was asked for');
    assert.equal(fs.readFileSync(knownHosts, 'utf8'), `[127.0.0.1]:${lab.host.port} ${type} ${key}\n`);

    const [port] = localPorts(logs);
    assert.ok(port, `the pool logged its local port: ${logs.join(' | ')}`);
    await until(() => sshdLinesForPort(sshdLogSince(mark), port).some((l) => /closed|disconnect/i.test(l)), 'sshd logs the close');
    const lines = sshdLinesForPort(sshdLogSince(mark), port);
    assert.ok(lines.some((l) => l.startsWith('Connection from 127.0.0.1')), `sshd saw the connection: ${lines.join(' | ')}`);
    assert.deepEqual(lines.filter((l) => AUTH_LINE.test(l)), [], 'sshd saw no authentication attempt');
  });

  it('refuses the lab after its sshd host key is swapped (a man in the middle), before authentication', async () => {
    const { callbacks, asked, secrets, logs } = recorder('trust-and-save');
    const knownBefore = fs.readFileSync(labPaths.knownHosts, 'utf8');
    const mark = sshdLogMark();
    let swappedLine = '';
    try {
      swappedLine = await swapHostKey();
      await assert.rejects(pool(callbacks).runner(labHost).exec(['true']), (error: unknown) => {
        assert.ok(error instanceof RemoteError);
        assert.equal(error.kind, 'host-key-changed');
        assert.ok(error.message.includes(fingerprintOf(`${labPaths.hostKey}.pub`)), error.message);
        return true;
      });
      const [port] = localPorts(logs);
      assert.ok(port, 'the pool logged its local port');
      await until(() => sshdLinesForPort(sshdLogSince(mark), port).some((l) => /closed|disconnect/i.test(l)), 'sshd logs the close');
      const lines = sshdLinesForPort(sshdLogSince(mark), port);
      assert.ok(lines.some((l) => l.startsWith('Connection from 127.0.0.1')), lines.join(' | '));
      assert.deepEqual(lines.filter((l) => AUTH_LINE.test(l)), [], 'no key signature or password reached sshd');
    } finally {
      await restoreHostKey();
    }
    const swappedKey = swappedLine.split(' ')[2]!;
    const swappedFp = `SHA256:${createHash('sha256').update(Buffer.from(swappedKey, 'base64')).digest('base64').replace(/=+$/, '')}`;
    assert.ok(swappedKey.length > 20);
    assert.equal(asked.length, 0);
    assert.equal(secrets.length, 0);
    assert.equal(fs.readFileSync(labPaths.knownHosts, 'utf8'), knownBefore, 'known_hosts untouched');
    assert.ok(logs.some((l) => l.includes(swappedFp)), 'the failure log names the offered (swapped) fingerprint');
    assert.equal((await pool(recorder().callbacks).runner(labHost).exec(['echo', 'restored'])).stdout, 'restored\n');
  });

  it('connects through ProxyJump (the lab to itself)', async () => {
    const config = viaJumpConfig('config-jump');
    const { callbacks, logs } = recorder();
    const mark = sshdLogMark();
    const result = await pool(callbacks).runner({ alias: 'j', target: 'via-jump', sshConfigFile: config }).exec(['id', '-un']);
    assert.equal(result.stdout.trim(), lab.host.user);
    assert.ok(logs.some((l) => /connected to .* via devstack-lab/.test(l)), logs.join(' | '));
    // Two logins: the jump host, then the target over the jump host's forwarded channel.
    const accepted = sshdLogSince(mark).split('\n').filter((l) => l.startsWith(`Accepted publickey for ${lab.host.user}`));
    assert.equal(accepted.length, 2, accepted.join('\n'));
  });

  it('returns every exit status and clean stderr over ProxyJump, where sshd sometimes sends no exit-status', async () => {
    // Through a jump host OpenSSH 9.2 closes ~1 in 100 channels before its exit-status
    // message; the wrapper's stderr trailer must stand in with the right code.
    const config = viaJumpConfig('config-jump-many');
    const { callbacks, logs } = recorder();
    const runner = pool(callbacks).runner({ alias: 'j', target: 'via-jump', sshConfigFile: config });
    const codes = Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
    const results = await Promise.all(codes.map((code) => runner.exec(['sh', '-c', 'echo "out $1"; echo "err $1" >&2; exit "$1"', 'sh', String(code)])));
    results.forEach((result, i) => {
      assert.deepEqual([result.exitCode, result.stdout, result.stderr], [codes[i], `out ${codes[i]}\n`, `err ${codes[i]}\n`], `command ${i}`);
    });
    const standIns = logs.filter((l) => l.includes('no exit-status message')).length;
    console.log(`      ${standIns} of ${codes.length} statuses came from the wrapper's trailer`);
  });

  it('authenticates with ssh-agent (SSH_AUTH_SOCK) when no key file is usable', async () => {
    const socket = path.join(dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    const saved = process.env.SSH_AUTH_SOCK;
    try {
      await until(() => fs.existsSync(socket), 'the agent socket');
      execFileSync('ssh-add', [labPaths.identity], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
      const config = path.join(dir, 'config-agent');
      fs.writeFileSync(
        config,
        ['Host agent-only', '  HostName 127.0.0.1', `  Port ${lab.host.port}`, `  User ${lab.host.user}`,
          `  IdentityFile ${path.join(dir, 'no-such-key')}`, `  UserKnownHostsFile ${labPaths.knownHosts}`, ''].join('\n'),
      );
      process.env.SSH_AUTH_SOCK = socket;
      const mark = sshdLogMark();
      const result = await pool(recorder().callbacks).runner({ alias: 'agent', target: 'agent-only', sshConfigFile: config }).exec(['id', '-un']);
      assert.equal(result.stdout.trim(), lab.host.user);
      assert.match(sshdLogSince(mark), /Accepted publickey for stack/);
    } finally {
      if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = saved;
      agent.kill();
    }
  });

  it('asks for a key passphrase, retries a wrong one, and reports both outcomes', async () => {
    const encrypted = path.join(dir, 'encrypted_key');
    fs.copyFileSync(labPaths.identity, encrypted);
    fs.chmodSync(encrypted, 0o600);
    execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'lab pass phrase', '-f', encrypted]);
    const config = path.join(dir, 'config-passphrase');
    fs.writeFileSync(config, fs.readFileSync(labPaths.sshConfig, 'utf8').replaceAll(labPaths.identity, encrypted));
    const requests: SecretRequest[] = [];
    const outcomes: boolean[] = [];
    const answers = ['not it', 'lab pass phrase'];
    const logs: string[] = [];
    const saved = process.env.SSH_AUTH_SOCK;
    delete process.env.SSH_AUTH_SOCK;
    try {
      const p = pool({
        onUnknownHostKey: async () => 'reject',
        askSecret: async (request) => (requests.push(request), answers.shift()),
        secretResult: (_request, ok) => outcomes.push(ok),
        log: (line) => logs.push(line),
      });
      const result = await p.runner({ alias: 'pp', target: 'devstack-lab', sshConfigFile: config }).exec(['echo', 'unlocked']);
      assert.equal(result.stdout, 'unlocked\n');
    } finally {
      if (saved !== undefined) process.env.SSH_AUTH_SOCK = saved;
    }
    assert.deepEqual(requests.map((r) => [r.kind, r.keyFile, r.retry]), [
      ['passphrase', encrypted, false],
      ['passphrase', encrypted, true],
    ]);
    assert.deepEqual(outcomes, [false, true]);
    assert.ok(!logs.some((l) => l.includes('lab pass phrase') || l.includes('not it')), 'secrets never reach the log');
  });

  it('reports a key the server does not accept as an auth error', async () => {
    const stranger = path.join(dir, 'stranger_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    const config = path.join(dir, 'config-stranger');
    fs.writeFileSync(config, fs.readFileSync(labPaths.sshConfig, 'utf8').replaceAll(labPaths.identity, stranger));
    const saved = process.env.SSH_AUTH_SOCK;
    delete process.env.SSH_AUTH_SOCK;
    try {
      await assert.rejects(pool(recorder().callbacks).runner({ alias: 'x', target: 'devstack-lab', sshConfigFile: config }).exec(['true']), (error: unknown) => {
        assert.ok(error instanceof RemoteError);
        assert.equal(error.kind, 'auth');
        assert.match(error.message, /Permission denied for stack@127\.0\.0\.1/);
        assert.ok(error.message.includes(stranger), error.message);
        return true;
      });
    } finally {
      if (saved !== undefined) process.env.SSH_AUTH_SOCK = saved;
    }
  });

  it('opens a pty shell that can be written to, resized and exited', async () => {
    const p = pool(recorder().callbacks);
    const shell = await p.openShell(labHost, quoteArgv(['sh']), { rows: 24, cols: 80 });
    let output = '';
    shell.onData((text) => (output += text));
    const exited = new Promise<number | null>((resolve) => shell.onExit(resolve));
    shell.write('stty size\n');
    await until(() => output.includes('24 80'), 'stty reports 24 80');
    shell.resize({ rows: 30, cols: 100 });
    shell.write('stty size; echo "m-$((6*7))"; exit 3\n');
    assert.equal(await exited, 3);
    assert.ok(output.includes('30 100'), output);
    assert.ok(output.includes('m-42'), output);
    assert.equal((await p.connection(labHost)).limiter.activeCount, 0, 'the channel slot was released');
  });

  it('streams stdout while the command runs', async () => {
    const chunks: string[] = [];
    const result = await pool(recorder().callbacks)
      .runner(labHost)
      .exec(['sh', '-c', 'echo first; sleep 1; echo second'], { onStdout: (c) => chunks.push(c) });
    assert.equal(result.stdout, 'first\nsecond\n');
    assert.equal(chunks.join(''), result.stdout);
    assert.ok(chunks.length >= 2, `got ${chunks.length} chunk(s)`);
  });

  it('reports sudo wanting a password as sudo-password with a clear message', async () => {
    const { callbacks } = recorder();
    const runner = pool(callbacks).runner({ alias: 'nopw', target: 'devstack-lab-nopw', sshConfigFile: labPaths.sshConfig });
    assert.equal((await runner.exec(['id', '-un'])).stdout.trim(), lab.host.userNoPassword);
    await assert.rejects(run(runner, { argv: ['ip', 'netns', 'list'], sudo: true, parse: (s) => s }), (error: unknown) => {
      assert.ok(error instanceof RemoteError);
      assert.equal(error.kind, 'sudo-password');
      assert.match(error.message, /sudo asked for a password/);
      assert.match(error.message, /NOPASSWD/);
      return true;
    });
  });

  it('reports sudo-password every time, also where sshd sends no exit-status (sudo refuses before the wrapper runs)', async () => {
    // Over ProxyJump OpenSSH sometimes closes a channel without its exit-status; a refused `sudo -n`
    // never runs the wrapper, so no trailer stands in: the runner must still see sudo's refusal.
    const { callbacks, logs } = recorder();
    const runner = pool(callbacks).runner({ alias: 'j-nopw', target: 'via-jump', sshConfigFile: viaJumpConfig('config-jump-nopw', lab.host.userNoPassword) });
    const kinds = await Promise.all(
      Array.from({ length: 150 }, () => run(runner, { argv: ['true'], sudo: true, parse: (s) => s }).then(() => 'ran', (e: unknown) => (e instanceof RemoteError ? e.kind : String(e)))),
    );
    assert.deepEqual([...new Set(kinds)], ['sudo-password'], `kinds seen: ${JSON.stringify(kinds.reduce<Record<string, number>>((n, k) => ({ ...n, [k]: (n[k] ?? 0) + 1 }), {}))}`);
    const standIns = logs.filter((l) => l.includes('sudo refused it')).length;
    console.log(`      ${standIns} of ${kinds.length} refusals came without an exit-status`);
  });

  for (const sudo of [false, true]) {
    const how = sudo ? 'under sudo -n' : 'as the login user';
    it(`timeout ends the remote process ${how}`, async () => {
      const tag = marker(`timeout-${sudo}`);
      const argv = [...(sudo ? ['sudo', '-n'] : []), 'sh', '-c', `sleep 300; echo ${tag}`, tag];
      const runner = pool(recorder().callbacks).runner(labHost);
      const pending = runner.exec(argv, { timeoutMs: 3000 });
      await assert.rejects(pending, { kind: 'timeout' });
      await until(() => pgrep(tag) === '', `no process matching ${tag}`);
      assert.equal((await runner.exec(['echo', 'still-usable'])).stdout, 'still-usable\n');
    });

    it(`cancel ends the remote process ${how}`, async () => {
      const tag = marker(`cancel-${sudo}`);
      const argv = [...(sudo ? ['sudo', '-n'] : []), 'sh', '-c', `sleep 300; echo ${tag}`, tag];
      const controller = new AbortController();
      const pending = pool(recorder().callbacks).runner(labHost).exec(argv, { signal: controller.signal });
      const user = sudo ? 'root' : lab.host.user;
      await until(() => pgrep(`^sh -c sleep 300; echo ${tag}`, user) !== '', `the remote command runs as ${user}`);
      controller.abort();
      await assert.rejects(pending, { kind: 'cancelled' });
      await until(() => pgrep(tag) === '', `no process matching ${tag}`);
    });
  }

  it('cuts output at the limit (reject and truncate) and keeps the connection usable', async () => {
    const limit = 1024 * 1024;
    const runner = pool(recorder().callbacks, { maxOutputBytes: limit }).runner(labHost);
    await assert.rejects(runner.exec(['head', '-c', String(8 * limit), '/dev/zero']), (error: unknown) => {
      assert.ok(error instanceof RemoteError);
      assert.equal(error.kind, 'output-limit');
      assert.match(error.message, /limit of 1 MiB/);
      return true;
    });
    const cut = await runner.exec(['head', '-c', String(8 * limit), '/dev/zero'], { onOutputLimit: 'truncate' });
    assert.equal(cut.truncated, true);
    assert.equal(Buffer.byteLength(cut.stdout), limit);
    const small = await runner.exec(['head', '-c', '1000', '/dev/zero']);
    assert.equal(small.stdout.length, 1000);
    assert.equal(small.truncated, undefined);
  });

  it('runs 20 concurrent commands with at most 4 channels open (the default limit)', async () => {
    const p = pool(recorder().callbacks);
    const runner = p.runner(labHost);
    const connection = await p.connection(labHost);
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, connection.limiter.activeCount)), 5);
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => runner.exec(['sh', '-c', 'sleep 0.5; echo "$1"', 'sh', String(i)])),
      );
      assert.deepEqual(
        results.map((r) => r.stdout.trim()),
        Array.from({ length: 20 }, (_, i) => String(i)),
      );
    } finally {
      clearInterval(sampler);
    }
    assert.ok(peak <= 4 && peak >= 2, `peak open channels ${peak}`);
    assert.equal(connection.limiter.activeCount, 0);
    assert.equal(connection.limiter.queuedCount, 0);
    assert.deepEqual(p.liveAliases, ['lab'], 'one connection for all of them');
  });

  it('releases listeners, channels and timers over many commands and on dispose', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const sockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    const before = { timers: timers(), sockets: sockets() };
    const p = new ConnectionPool(recorder().callbacks, { commandTimeoutMs: 60_000 });
    const runner = p.runner(labHost);
    const connection = await p.connection(labHost);
    for (let i = 0; i < 100; i++) {
      const controller = new AbortController();
      assert.equal((await runner.exec(['echo', String(i)], { signal: controller.signal })).stdout, `${i}\n`);
    }
    assert.equal(connection.onClose.listenerCount, 1, 'only the pool listens for the close');
    assert.equal(connection.limiter.activeCount, 0);
    p.dispose();
    assert.equal(connection.isOpen, false);
    await until(() => timers() <= before.timers && sockets() <= before.sockets, 'timers and sockets released', 10_000);
    await assert.rejects(runner.exec(['true']), { kind: 'connection' }, 'a disposed pool refuses work');
  });

  it('a killed session and sshd end in a clean connection error, and the next command reconnects', async () => {
    const { callbacks } = recorder();
    const p = pool(callbacks, { keepaliveIntervalMs: 2000, keepaliveCountMax: 2 });
    const events: ConnectionEvent[] = [];
    p.onDidChangeState.on((e) => events.push(e));
    const runner = p.runner(labHost);
    const tag = marker('drop');
    const pending = runner.exec(['sh', '-c', `sleep 300; echo ${tag}`, tag], { timeoutMs: 90_000 });
    pending.catch(() => undefined);
    await until(() => pgrep(`sleep 300; echo ${tag}`) !== '', 'the remote command started');
    try {
      await stopSshd();
      // Kill the per-connection sshd processes that serve this command (its sshd ancestors).
      const pid = Number(pgrep(`sleep 300; echo ${tag}`).split(' ')[0]);
      const sessions = sshdAncestors(pid);
      assert.ok(sessions.length > 0, 'found the sshd session processes');
      for (const session of sessions) process.kill(session, 'SIGKILL');
      await assert.rejects(pending, (error: unknown) => {
        assert.ok(error instanceof RemoteError);
        assert.equal(error.kind, 'connection');
        return true;
      });
      await assert.rejects(runner.exec(['true']), { kind: 'connection' }, 'sshd is down: a clean connection error');
      await until(() => pgrep(tag) === '', `no process matching ${tag} after the drop`);
    } finally {
      await startSshd();
    }
    assert.equal((await runner.exec(['echo', 'back'])).stdout, 'back\n');
    assert.deepEqual(
      events.map((e) => e.state),
      ['connecting', 'connected', 'disconnected', 'connecting', 'failed', 'connecting', 'connected'],
    );
  });
});

/** PIDs of the sshd processes above `pid` (the session's privilege-separated pair), nearest first. */
function sshdAncestors(pid: number): number[] {
  const found: number[] = [];
  let current = pid;
  for (let i = 0; i < 10 && current > 1; i++) {
    const stat = fs.readFileSync(`/proc/${current}/stat`, 'utf8');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const cmdline = fs.readFileSync(`/proc/${parent}/cmdline`, 'utf8');
    if (cmdline.startsWith('sshd') || cmdline.includes('/sshd')) {
      if (cmdline.includes(' -f ') || cmdline.includes('\0-f\0')) break; // the listener itself
      found.push(parent);
    }
    current = parent;
  }
  return found;
}
