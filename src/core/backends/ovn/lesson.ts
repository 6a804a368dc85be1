// The {{ovn.*}} placeholders of the OVN edition of the lesson, filled from Topology.ovn and
// the focus port (the learner's instance). Each needs 'ovn' (the northbound database was read).
import type { Focus } from '../../lesson/focus';
import type { OvnSwitchPort } from './types';

type Def = { readonly needs: readonly ('ovn' | 'instancePort')[]; readonly describe: string; readonly value: (f: Focus) => string | number | null | undefined };

/** The learner's instance port in OVN: the one on their tap, else the first instance port. */
function lsp(f: Focus): { port: OvnSwitchPort; switchName: string } | null {
  const ovn = f.topology.ovn;
  if (!ovn) return null;
  const taps = new Set(f.port?.devices.map((d) => d.name) ?? []);
  for (const pass of [0, 1]) {
    for (const sw of ovn.switches) {
      const p = sw.ports.find((x) => x.kind === 'instance' && (pass === 1 || (x.device !== null && taps.has(x.device.name))));
      if (p) return { port: p, switchName: sw.name };
    }
  }
  return null;
}

function fip(f: Focus) {
  const ip = lsp(f)?.port.addresses.flatMap((a) => a.split(' ').slice(1));
  const all = f.topology.ovn?.routers.flatMap((r) => r.nat.filter((n) => n.type === 'dnat_and_snat')) ?? [];
  return all.find((n) => n.logicalIp !== null && ip?.includes(n.logicalIp)) ?? all[0];
}

function gatewayPort(f: Focus) {
  return f.topology.ovn?.routers.flatMap((r) => r.ports).find((p) => p.gatewayChassis.length > 0);
}

/** The provider (localnet) port and switch that carry the router's gateway network. */
function provider(f: Focus) {
  const gw = gatewayPort(f);
  const sw = f.topology.ovn?.switches.find((s) => s.ports.some((p) => p.routerPort === gw?.name)) ?? f.topology.ovn?.switches.find((s) => s.ports.some((p) => p.kind === 'provider'));
  return sw ? { switchName: sw.name, port: sw.ports.find((p) => p.kind === 'provider')?.name } : null;
}

const OVN: readonly ('ovn')[] = ['ovn'];

export const OVN_PLACEHOLDERS: Readonly<Record<string, Def>> = {
  'ovn.port': { needs: OVN, describe: 'your instance\'s logical switch port', value: (f) => lsp(f)?.port.name },
  'ovn.portDevice': { needs: OVN, describe: 'the br-int interface of your instance port', value: (f) => lsp(f)?.port.device?.name },
  'ovn.switch': { needs: OVN, describe: 'the logical switch of your instance', value: (f) => lsp(f)?.switchName },
  'ovn.portGroup': { needs: OVN, describe: 'the port group of your instance\'s security group', value: (f) => lsp(f)?.port.portGroups.find((g) => g.startsWith('pg_')) },
  'ovn.router': { needs: OVN, describe: 'a logical router', value: (f) => f.topology.ovn?.routers[0]?.name },
  'ovn.floatingIp': { needs: OVN, describe: 'a floating IP (dnat_and_snat row)', value: (f) => fip(f)?.externalIp },
  'ovn.fixedIp': { needs: OVN, describe: 'the fixed IP behind the floating IP', value: (f) => fip(f)?.logicalIp },
  'ovn.gatewayMac': { needs: OVN, describe: 'the MAC of the router\'s gateway port', value: (f) => gatewayPort(f)?.mac },
  'ovn.publicSwitch': { needs: OVN, describe: 'the logical switch of the external network', value: (f) => provider(f)?.switchName },
  'ovn.provnet': { needs: OVN, describe: 'the provider (localnet) port of the external network', value: (f) => provider(f)?.port },
  'ovn.metaNamespace': { needs: OVN, describe: 'an ovnmeta- namespace', value: (f) => f.topology.ovn?.metadata[0]?.namespace },
  'ovn.metaVeth': { needs: OVN, describe: 'the br-int end of the metadata veth', value: (f) => f.topology.ovn?.metadata[0]?.outside?.name },
  'ovn.chassis': { needs: OVN, describe: 'this host\'s chassis', value: (f) => (f.topology.ovn?.chassis.find((c) => c.local) ?? f.topology.ovn?.chassis[0])?.name },
};
