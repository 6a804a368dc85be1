// Facts about the lab the scenarios check the screen against.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { e2e } from './env';
import { requireLab, type Manifest } from '../../lab/control';
import { readManifest } from '../../lab/manifest';

/** What `lab:up` built (.lab/manifest.json); fails loudly when the lab is not up. */
export const lab = requireLab;

export const labAlias = 'devstack-lab';
export const repoRoot = path.resolve(__dirname, '../../..');

export interface HostKeyFingerprint {
  readonly fingerprint: string; // SHA256:…
  readonly type: string; // ED25519, ECDSA, RSA
  /** the host as known_hosts names it: "10.99.0.2", "[127.0.0.1]:2222" */
  readonly host: string;
}

/**
 * The lab's host keys as `ssh-keygen -lf .lab/known_hosts` prints them; `knownAs`: only the key of the host
 * known_hosts names so (the two-node lab has one line per node).
 */
export function labFingerprints(knownAs?: string): HostKeyFingerprint[] {
  const out = execFileSync('ssh-keygen', ['-lf', path.join(repoRoot, '.lab/known_hosts')], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => /^\d+ (SHA256:\S+) (\S+) \((\w+)\)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ fingerprint: m[1], host: m[2], type: m[3] }))
    .filter((k) => knownAs === undefined || k.host === knownAs);
}

/** The base64 key blob of the lab's host key (of the host known_hosts names `knownAs`), as in .lab/known_hosts. */
export function labHostKeyBlob(knownAs?: string): string {
  const line = readFileSync(path.join(repoRoot, '.lab/known_hosts'), 'utf8').split('\n').find((l) => l.trim() && (knownAs === undefined || l.trim().split(/\s+/)[0] === knownAs));
  const blob = line?.trim().split(/\s+/)[2];
  if (!blob) throw new Error(`.lab/known_hosts has no key${knownAs ? ` for ${knownAs}` : ''}`);
  return blob;
}

/** What the extension wrote to the known_hosts file it was given. */
export function savedKnownHosts(): string {
  return readFileSync(e2e.knownHosts, 'utf8');
}

/** The first router, its network, and an instance port on that network. */
export function firstRouter(manifest: Manifest) {
  const router = manifest.routers[0];
  const network = manifest.networks.find((n) => n.id === router?.networkId);
  if (!router || !network) throw new Error('the lab manifest has no router with a network');
  const floating = manifest.floatingIps.find((f) => f.namespace === router.namespace);
  const port = manifest.instancePorts.find((p) => p.network === network.id) ?? manifest.instancePorts[0];
  return { router, network, floating, port };
}

/**
 * Ends the lab sshd's open sessions, by pid (the sshd processes holding established connections
 * on the lab port). Stopping the listener alone keeps them, and the extension reuses its connection.
 */
export function dropLabSessions(): number[] {
  const port = readManifest()?.host.port; // not lab(): it refuses while sshd is stopped
  if (port === undefined) throw new Error('the lab is not up (no .lab/manifest.json)');
  const out = execFileSync('ss', ['-Htnp', 'state', 'established', `( sport = :${port} )`], { encoding: 'utf8' });
  const pids = [...new Set([...out.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])))];
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  return pids;
}
