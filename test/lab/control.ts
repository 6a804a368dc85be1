// Lab controls for integration and reliability tests (no vscode). Every name is passed as argv.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exec, requireRoot, type ExecResult } from './exec';
import { record } from './ledger';
import { readManifest, type Manifest } from './manifest';
import { hostKeyLine, sshdPid, startSshd as start, stopSshd as stop, writeSshdConfig } from './access';
import { vsctl } from './ovs';
import { paths, repoRoot } from './paths';

export type { Manifest } from './manifest';

export const labPaths = {
  sshConfig: paths.sshConfig,
  knownHosts: paths.knownHosts,
  identity: paths.identity,
  sshdLog: paths.sshdLog,
  manifest: paths.manifest,
  hostKey: paths.hostKey,
};

/** The manifest of the running lab, or a loud error telling how to get one. */
export function requireLab(): Manifest {
  const m = readManifest();
  if (!m) {
    throw new Error(
      `The lab is not up: ${paths.manifest} is missing.\n` +
        `Run (as root): flock /tmp/devstack-lab.lock npm run lab:up`,
    );
  }
  if (sshdPid() === null) {
    throw new Error(`The lab's sshd is not running (manifest exists). Run: flock /tmp/devstack-lab.lock npm run lab:up`);
  }
  return m;
}

/** Runs argv as root on this machine (the lab host); no shell. */
export function rootExec(argv: readonly string[], input?: string): ExecResult {
  requireRoot('lab control');
  return exec(argv, { input, allowFail: true });
}

export async function stopSshd(): Promise<void> {
  requireRoot('lab control');
  await stop();
}

export async function startSshd(): Promise<void> {
  requireRoot('lab control');
  await start();
}

async function restartWith(hostKey: string): Promise<void> {
  const m = requireLab();
  writeSshdConfig(m.host.port, hostKey);
  await stop();
  await start();
}

/** Restarts sshd with a different host key; .lab/known_hosts keeps the old one. Returns the new known_hosts line. */
export async function swapHostKey(): Promise<string> {
  requireRoot('lab control');
  if (!fs.existsSync(paths.swapHostKey)) {
    exec(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'devstack-lab swapped host key', '-f', paths.swapHostKey]);
  }
  await restartWith(paths.swapHostKey);
  return hostKeyLine(requireLab().host.port, paths.swapHostKey);
}

export async function restoreHostKey(): Promise<void> {
  requireRoot('lab control');
  await restartWith(paths.hostKey);
}

/** Byte offset of the sshd log now; pair with sshdLogSince() to see what one test caused. */
export function sshdLogMark(): number {
  try {
    return fs.statSync(paths.sshdLog).size;
  } catch {
    return 0;
  }
}

export function sshdLogSince(mark: number): string {
  const text = fs.readFileSync(paths.sshdLog);
  return text.subarray(Math.min(mark, text.length)).toString('utf8');
}

export const hostile = {
  namespace: 'qdhcp-$(touch${IFS}PWNED)',
  veth: 'v$(id>P)', // root namespace end
  vethPeer: `x';id;'`, // inside the hostile namespace
  tap: 'y"$HOME"', // root namespace, also a port on br-int
} as const;

export interface HostileNames {
  namespace: string;
  devices: { name: string; namespace: string | null }[];
  ovsPorts: { bridge: string; name: string }[];
}

/** Creates namespace and devices with shell-hostile names; returns what was created. */
export function addHostileNames(): HostileNames {
  requireRoot('lab control');
  requireLab();
  removeHostileNames();
  const { namespace, veth, vethPeer, tap } = hostile;
  record({ kind: 'netns', names: [namespace] });
  record({ kind: 'links', names: [veth, tap] });
  exec(['ip', 'netns', 'add', namespace]);
  exec(['ip', 'link', 'add', veth, 'type', 'veth', 'peer', 'name', vethPeer, 'netns', namespace]);
  exec(['ip', 'tuntap', 'add', 'dev', tap, 'mode', 'tap']);
  exec(['ip', 'link', 'set', 'dev', veth, 'up']);
  exec(['ip', '-n', namespace, 'link', 'set', 'dev', vethPeer, 'up']);
  exec(['ip', '-n', namespace, 'addr', 'add', '10.255.255.1/30', 'dev', vethPeer]);
  vsctl(['--may-exist', 'add-port', 'br-int', tap, 'tag=4095']);
  return {
    namespace,
    devices: [
      { name: veth, namespace: null },
      { name: tap, namespace: null },
      { name: vethPeer, namespace },
    ],
    ovsPorts: [{ bridge: 'br-int', name: tap }],
  };
}

export function removeHostileNames(): void {
  requireRoot('lab control');
  vsctl(['--if-exists', 'del-port', 'br-int', hostile.tap], true);
  exec(['ip', 'link', 'del', 'dev', hostile.veth], { allowFail: true });
  exec(['ip', 'tuntap', 'del', 'dev', hostile.tap, 'mode', 'tap'], { allowFail: true });
  exec(['ip', 'netns', 'del', hostile.namespace], { allowFail: true });
}

/** Where a file would appear if a hostile name ever ran as shell text (touch PWNED / id>P). */
export function hostileMarkerPaths(): string[] {
  const dirs = new Set([os.tmpdir(), '/tmp', '/', paths.stackHome, '/home/stack-nopw', os.homedir(), process.cwd(), repoRoot]);
  return [...dirs].flatMap((d) => [path.join(d, 'PWNED'), path.join(d, 'P')]);
}
