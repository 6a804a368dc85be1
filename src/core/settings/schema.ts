// The extension's settings, validated with zod. Pure (no vscode): a bad host
// entry is skipped and reported, never fatal.
import { z } from 'zod';
import { OVSDB_REMOTE } from '../backends/ovn/script';
import type { HostSpec } from '../ssh/types';
import { parseDeployments } from '../deployment/settings';
import type { DeploymentSpec } from '../deployment/types';

/** The target shown for "This machine" (a local host has no SSH target). */
export const LOCAL_TARGET = 'this machine';

const SshHostEntry = z.object({
  kind: z.literal('ssh').optional(),
  alias: z.string().trim().min(1),
  target: z.string().trim().min(1),
  sshConfigFile: z.string().trim().min(1).optional(),
  sudo: z.boolean().optional(),
  ovnNorthbound: z.string().trim().regex(OVSDB_REMOTE, 'must be an OVSDB remote like tcp:192.0.2.10:6641').optional(),
  ovnSouthbound: z.string().trim().regex(OVSDB_REMOTE, 'must be an OVSDB remote like tcp:192.0.2.10:6642').optional(),
});

/** "This machine": the local runner, no SSH. A target, if written, is ignored. */
const LocalHostEntry = z
  .object({
    kind: z.literal('local'),
    alias: z.string().trim().min(1),
    sudo: z.boolean().optional(),
  })
  .transform((entry) => ({ ...entry, target: LOCAL_TARGET }));

/** One entry of devstackNet.hosts. Entries written before host kinds existed have no `kind`: SSH. */
export const HostEntrySchema = {
  safeParse(entry: unknown) {
    const local = typeof entry === 'object' && entry !== null && (entry as { kind?: unknown }).kind === 'local';
    return local ? LocalHostEntry.safeParse(entry) : SshHostEntry.safeParse(entry);
  },
};

export interface Settings {
  readonly hosts: readonly HostSpec[];
  /** One line per entry that was skipped, for the log. */
  readonly problems: readonly string[];
  readonly autoRefresh: boolean;
  readonly autoRefreshIntervalSeconds: number;
  readonly hideLoopback: boolean;
  readonly hideEmptyGroups: boolean;
  readonly commandTimeoutSeconds: number;
  readonly maxOutputMB: number;
  readonly knownHostsFile: string | undefined;
  /** devstackNet.deployments: hosts grouped into one cloud (aliases checked against `hosts`). */
  readonly deployments: readonly DeploymentSpec[];
}

/** The ranges package.json declares for the Settings UI; a value out of range falls back to the default. */
const number = (min: number, max: number, fallback: number) => z.number().finite().min(min).max(max).catch(fallback);

const Scalars = z.object({
  autoRefresh: z.boolean().catch(false),
  autoRefreshIntervalSeconds: number(5, 3600, 30),
  hideLoopback: z.boolean().catch(true),
  hideEmptyGroups: z.boolean().catch(true),
  commandTimeoutSeconds: number(1, 3600, 60),
  maxOutputMB: number(1, 1024, 32),
  knownHostsFile: z.string().catch(''),
});

/** Validates raw setting values (pure; unit-testable). */
export function parseSettings(raw: Record<string, unknown>): Settings {
  const problems: string[] = [];
  const hosts: HostSpec[] = [];
  const list = Array.isArray(raw.hosts) ? raw.hosts : [];
  if (raw.hosts !== undefined && !Array.isArray(raw.hosts)) problems.push('devstackNet.hosts is not an array');
  list.forEach((entry, i) => {
    const parsed = HostEntrySchema.safeParse(entry);
    if (!parsed.success) {
      problems.push(`devstackNet.hosts[${i}] skipped: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'entry'} ${x.message}`).join('; ')}`);
    } else if (hosts.some((h) => h.alias === parsed.data.alias)) {
      problems.push(`devstackNet.hosts[${i}] skipped: alias "${parsed.data.alias}" is used twice`);
    } else {
      hosts.push(parsed.data);
    }
  });
  const scalars = Scalars.parse({
    autoRefresh: raw.autoRefresh ?? false,
    autoRefreshIntervalSeconds: raw.autoRefreshIntervalSeconds ?? 30,
    hideLoopback: raw.hideLoopback ?? true,
    hideEmptyGroups: raw.hideEmptyGroups ?? true,
    commandTimeoutSeconds: raw.commandTimeoutSeconds ?? 60,
    maxOutputMB: raw.maxOutputMB ?? 32,
    knownHostsFile: raw.knownHostsFile ?? '',
  });
  const deployments = parseDeployments(raw.deployments, hosts.map((h) => h.alias));
  problems.push(...deployments.problems);
  return { ...scalars, hosts, problems, knownHostsFile: scalars.knownHostsFile.trim() || undefined, deployments: deployments.deployments };
}

