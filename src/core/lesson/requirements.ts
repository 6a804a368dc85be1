// What a step needs from the lab, and what to tell the learner when it is
// missing: what is missing and how to get it.
import type { Topology } from '../model/types';
import { PLACEHOLDERS, type Need, type PlaceholderValues } from './placeholders';

export interface Missing {
  /** A need, a placeholder name, or "topology". */
  readonly key: string;
  readonly message: string;
}

const HOW_TO_GET: Readonly<Record<Exclude<Need, 'backend:ovs-hybrid' | 'ovn'>, string>> = {
  instancePort:
    'No instance port was found on this host. Boot an instance, for example "openstack server create --flavor m1.tiny --image cirros-0.6.2-x86_64-disk --network private demo", then refresh the host.',
  router:
    'No router was found (no qrouter- namespace). Create one and plug your subnet into it: "openstack router create demo-router", "openstack router set --external-gateway public demo-router", "openstack router add subnet demo-router private-subnet", then refresh the host.',
  floatingIp:
    'No floating IP is in use. Boot an instance with a floating IP: "openstack floating ip create public", then "openstack server add floating ip demo <the new address>", then refresh the host.',
  dhcp: 'No DHCP server was found (no dnsmasq in a qdhcp- namespace). Turn DHCP on for your subnet: "openstack subnet set --dhcp private-subnet", then refresh the host.',
};

export const NO_TOPOLOGY: Missing = {
  key: 'topology',
  message: "This host's networking has not been read yet. Refresh the host in the Topology view, then come back.",
};

export function isMet(need: Need, topology: Topology, values: PlaceholderValues): boolean {
  switch (need) {
    case 'instancePort':
      return values['instance.prefix'] !== null;
    case 'router':
      return values['qrouter.name'] !== null;
    case 'floatingIp':
      return values['floating.floating'] !== null;
    case 'dhcp':
      return values['qdhcp.name'] !== null;
    case 'backend:ovs-hybrid':
      return topology.backend.kind === 'ovs-hybrid';
    case 'ovn':
      return topology.ovn?.northbound.read === true;
  }
}

export function needMessage(need: Need, topology: Topology): string {
  if (need === 'ovn') {
    return topology.ovn
      ? 'This step reads the OVN northbound database, which could not be read on this host (see the host\'s section errors): set the host\'s ovnNorthbound setting, then refresh.'
      : `This step needs an ML2/OVN node, but this host looks like "${topology.backend.kind}".`;
  }
  if (need !== 'backend:ovs-hybrid') return HOW_TO_GET[need];
  return `This step needs the Open vSwitch agent with the iptables_hybrid firewall (firewall_driver = iptables_hybrid in the [securitygroup] section of the OVS agent's config), but this host looks like "${topology.backend.kind}". The step's ideas still apply; the device names will differ.`;
}

/**
 * What is missing for a set of needs plus the placeholders a piece of the step uses.
 * Empty when everything is there.
 */
export function missingFor(
  needs: readonly Need[],
  placeholders: readonly string[],
  topology: Topology | undefined,
  values: PlaceholderValues,
): Missing[] {
  if (!topology) return needs.length + placeholders.length > 0 ? [NO_TOPOLOGY] : [];
  const allNeeds = new Set<Need>([...needs, ...placeholders.flatMap((p) => PLACEHOLDERS[p]?.needs ?? [])]);
  const missing: Missing[] = [...allNeeds].filter((n) => !isMet(n, topology, values)).map((n) => ({ key: n, message: needMessage(n, topology) }));
  if (missing.length > 0) return missing;
  // Needs are met but a value is still unknown (a section failed, an odd name): say which.
  return placeholders
    .filter((p) => values[p] === null)
    .map((p) => ({
      key: p,
      message: `Could not find ${PLACEHOLDERS[p]?.describe ?? p} on this host. Refresh the host; if it is still missing, check the host's errors in the Topology view (sudo, a failed section).`,
    }));
}

/** Joins lists of Missing, keeping the first of each key. */
export function mergeMissing(...lists: readonly (readonly Missing[])[]): Missing[] {
  const byKey = new Map<string, Missing>();
  for (const m of lists.flat()) if (!byKey.has(m.key)) byKey.set(m.key, m);
  return [...byKey.values()];
}
