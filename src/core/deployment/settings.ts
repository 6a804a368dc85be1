// devstackNet.deployments, validated with zod. Pure: a bad entry is skipped and reported, never fatal.
import { z } from 'zod';
import type { DeploymentSpec } from './types';

const DeploymentEntry = z.object({
  name: z.string().trim().min(1),
  hosts: z.array(z.string().trim().min(1)).min(1),
});

/**
 * Reads the setting. `aliases` are the configured hosts: an alias that is not one of them is dropped
 * from its deployment and reported (the deployment stays, with the hosts that exist).
 */
export function parseDeployments(raw: unknown, aliases: readonly string[]): { deployments: DeploymentSpec[]; problems: string[] } {
  const problems: string[] = [];
  const deployments: DeploymentSpec[] = [];
  if (raw === undefined || raw === null) return { deployments, problems };
  if (!Array.isArray(raw)) return { deployments, problems: ['devstackNet.deployments is not an array'] };
  const known = new Set(aliases);
  raw.forEach((entry, i) => {
    const parsed = DeploymentEntry.safeParse(entry);
    if (!parsed.success) {
      problems.push(`devstackNet.deployments[${i}] skipped: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'entry'} ${x.message}`).join('; ')}`);
      return;
    }
    const { name } = parsed.data;
    if (deployments.some((d) => d.name === name)) {
      problems.push(`devstackNet.deployments[${i}] skipped: name "${name}" is used twice`);
      return;
    }
    const hosts: string[] = [];
    for (const alias of parsed.data.hosts) {
      if (!known.has(alias)) problems.push(`devstackNet.deployments[${i}] ("${name}"): no host "${alias}" in devstackNet.hosts, left out`);
      else if (!hosts.includes(alias)) hosts.push(alias);
    }
    deployments.push({ name, hosts });
  });
  return { deployments, problems };
}
