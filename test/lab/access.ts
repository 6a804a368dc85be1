// Login to the lab: users, sudo, keys, a private sshd, and the files ssh clients read.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { exec } from './exec';
import { ensureDir, readLedger, record } from './ledger';
import { labDir, labMarker, paths } from './paths';
import { livePid, stopPid } from './ovs';

export const users = { sudo: 'stack', noPassword: 'stack-nopw' } as const;
const homes: Record<string, string> = { [users.sudo]: paths.stackHome, [users.noPassword]: '/home/stack-nopw' };
export const aliases = { sudo: 'devstack-lab', noPassword: 'devstack-lab-nopw' } as const;

function gecosOf(user: string): string | null {
  const entry = exec(['getent', 'passwd', user], { allowFail: true }).stdout.trim();
  return entry ? entry.split(':')[4] ?? '' : null;
}

/** Our users carry the lab marker in GECOS; a same-named user that is not ours is never touched. */
export function isLabUser(user: string): boolean {
  return gecosOf(user) === labMarker;
}

function ensureUser(user: string): void {
  const gecos = gecosOf(user);
  if (gecos !== null && gecos !== labMarker) throw new Error(`user ${user} exists and is not the lab's; refusing to change it`);
  // ours by the marker but not in this ledger (a ledger lost with /run): adopt it, so down removes it
  if (gecos === labMarker && !readLedger().some((e) => e.kind === 'user' && e.name === user)) record({ kind: 'user', name: user });
  if (gecos === null) {
    const home = homes[user];
    if (fs.existsSync(home)) throw new Error(`${home} exists but user ${user} does not; refusing to take it over`);
    record({ kind: 'user', name: user });
    exec(['useradd', '--create-home', '--home-dir', home, '--shell', '/bin/bash', '--comment', labMarker, user]);
  }
  const home = homes[user];
  fs.chmodSync(home, 0o755);
  const sshDir = path.join(home, '.ssh');
  fs.mkdirSync(sshDir, { recursive: true, mode: 0o700 });
  fs.copyFileSync(`${paths.identity}.pub`, path.join(sshDir, 'authorized_keys'));
  fs.chmodSync(sshDir, 0o700);
  fs.chmodSync(path.join(sshDir, 'authorized_keys'), 0o600);
  exec(['chown', '-R', `${user}:${user}`, sshDir]);
}

export function ensureUsers(): void {
  ensureUser(users.sudo);
  ensureUser(users.noPassword);
  // '*' = no password login, but not "locked" (sshd without PAM refuses locked accounts)
  exec(['usermod', '--password', '*', users.sudo]);
  exec(['chpasswd'], { input: `${users.noPassword}:${randomBytes(18).toString('base64url')}\n` });
  const sudoers = [
    `# ${labMarker}: written by test/lab (npm run lab:up), removed by lab:down`,
    `${users.sudo} ALL=(ALL:ALL) NOPASSWD: ALL`,
    `${users.noPassword} ALL=(ALL:ALL) ALL`,
    '',
  ].join('\n');
  record({ kind: 'sudoers' });
  const tmp = `${paths.sudoers}.tmp`;
  fs.writeFileSync(tmp, sudoers, { mode: 0o440 });
  exec(['visudo', '-cqf', tmp]);
  fs.renameSync(tmp, paths.sudoers);
}

function ensureKey(file: string, comment: string): void {
  if (fs.existsSync(file) && fs.existsSync(`${file}.pub`)) return;
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.pub`, { force: true });
  exec(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

/** Keys persist in .lab/ across up/down so known_hosts and trusted keys stay stable. */
export function ensureKeys(): void {
  fs.mkdirSync(labDir, { recursive: true, mode: 0o700 });
  ensureKey(paths.identity, 'devstack-lab client key');
  ensureKey(paths.hostKey, 'devstack-lab host key');
}

/** `where`: another node's sshd (the two-node lab's compute) listens elsewhere and keeps its own pid file. */
export function sshdConfigText(port: number, hostKey: string, where: { listenAddress: string; pidFile: string } = { listenAddress: '127.0.0.1', pidFile: paths.sshdPid }): string {
  return [
    `# ${labMarker} sshd (npm run lab:up)`,
    `Port ${port}`,
    `ListenAddress ${where.listenAddress}`,
    `HostKey ${hostKey}`,
    `PidFile ${where.pidFile}`,
    'LogLevel VERBOSE',
    'MaxSessions 10',
    'MaxStartups 100:30:200',
    'PermitRootLogin no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'AuthorizedKeysFile .ssh/authorized_keys',
    `AllowUsers ${users.sudo} ${users.noPassword}`,
    'StrictModes yes',
    'X11Forwarding no',
    'PrintMotd no',
    'AcceptEnv LANG LC_*',
    'Subsystem sftp /usr/lib/openssh/sftp-server',
    '',
  ].join('\n');
}

export function sshdPid(): number | null {
  return livePid(paths.sshdPid, 'sshd');
}

export function writeSshdConfig(port: number, hostKey = paths.hostKey): void {
  ensureDir(paths.sshdDir, 0o700);
  fs.writeFileSync(paths.sshdConfig, sshdConfigText(port, hostKey));
}

export async function startSshd(): Promise<void> {
  if (sshdPid() !== null) return;
  ensureDir(paths.sshdPrivsep, 0o755);
  record({ kind: 'sshd' });
  exec(['/usr/sbin/sshd', '-t', '-f', paths.sshdConfig]);
  exec(['/usr/sbin/sshd', '-f', paths.sshdConfig, '-E', paths.sshdLog]);
  for (let i = 0; i < 100 && sshdPid() === null; i++) await new Promise((r) => setTimeout(r, 50));
  if (sshdPid() === null) throw new Error(`sshd did not start; see ${paths.sshdLog}`);
}

export async function stopSshd(): Promise<void> {
  await stopPid(sshdPid());
  fs.rmSync(paths.sshdPid, { force: true });
}

export function hostKeyLine(port: number, hostKey = paths.hostKey): string {
  const [type, key] = fs.readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/);
  return `[127.0.0.1]:${port} ${type} ${key}`;
}

/** One Host entry of .lab/ssh_config: the lab's key, its known_hosts, strict checking, no prompts. */
export function sshHostEntry(alias: string, hostName: string, port: number, user: string): string {
  return [
    `Host ${alias}`,
    `  HostName ${hostName}`,
    `  Port ${port}`,
    `  User ${user}`,
    `  IdentityFile ${paths.identity}`,
    '  IdentitiesOnly yes',
    `  UserKnownHostsFile ${paths.knownHosts}`,
    '  StrictHostKeyChecking yes',
    '  BatchMode yes',
    '',
  ].join('\n');
}

export function writeClientFiles(port: number): void {
  fs.writeFileSync(paths.knownHosts, hostKeyLine(port) + '\n');
  fs.writeFileSync(paths.sshConfig, [sshHostEntry(aliases.sudo, '127.0.0.1', port, users.sudo), sshHostEntry(aliases.noPassword, '127.0.0.1', port, users.noPassword)].join('\n'));
}
