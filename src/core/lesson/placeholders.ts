// The {{placeholders}} a lesson may use, what each needs, and how to fill
// them from a live Topology. A placeholder without a value is never filled
// with "": the caller gets the list of what is missing instead.
import type { Device, Topology } from '../model/types';
import { OVN_PLACEHOLDERS } from '../backends/ovn/lesson';
import { findDevice, firstIpv4, fixedIps, namespaceDevices, onSubnet, pickFocus, portBridge, portMac, type Focus } from './focus';

export const NEEDS = ['instancePort', 'router', 'floatingIp', 'dhcp', 'backend:ovs-hybrid', 'ovn'] as const;
export type Need = (typeof NEEDS)[number];

export interface PlaceholderDef {
  readonly needs: readonly Need[];
  /** Plain English, used in "could not find …" messages. */
  readonly describe: string;
  readonly value: (focus: Focus) => string | number | null | undefined;
}

const HYBRID_PORT: readonly Need[] = ['instancePort', 'backend:ovs-hybrid'];

const portDevice = (f: Focus, prefix: string) => f.port?.devices.find((d) => d.name.startsWith(prefix))?.name;

export const PLACEHOLDERS: Readonly<Record<string, PlaceholderDef>> = {
  'instance.prefix': { needs: ['instancePort'], describe: "your instance's port id", value: (f) => f.port?.prefix },
  'instance.id': { needs: ['instancePort'], describe: "your instance's full port UUID", value: (f) => f.port?.id },
  'instance.tap': { needs: ['instancePort'], describe: "your instance's tap device", value: (f) => portDevice(f, 'tap') },
  'instance.qbr': { needs: HYBRID_PORT, describe: "your instance's qbr bridge", value: (f) => portDevice(f, 'qbr') },
  'instance.qvb': { needs: HYBRID_PORT, describe: "your instance's qvb veth end", value: (f) => portDevice(f, 'qvb') },
  'instance.qvo': { needs: HYBRID_PORT, describe: "your instance's qvo veth end", value: (f) => portDevice(f, 'qvo') },
  'instance.ip': { needs: ['instancePort'], describe: "your instance's fixed IP", value: (f) => f.port && fixedIps(f.topology, f.port)[0] },
  'instance.mac': { needs: ['instancePort'], describe: "your instance's MAC address", value: (f) => f.port && portMac(f.topology, f.port) },
  'instance.ovsBridge': { needs: HYBRID_PORT, describe: 'the OVS bridge of your instance port', value: (f) => f.port && portBridge(f.topology, f.port) },
  'instance.vlanTag': { needs: HYBRID_PORT, describe: 'the local VLAN tag of your instance port', value: (f) => f.port?.vlanTag },
  'port.inboundChain': { needs: HYBRID_PORT, describe: 'the inbound security-group chain of your port', value: (f) => f.port?.sgChains.inbound },
  'port.outboundChain': { needs: HYBRID_PORT, describe: 'the outbound security-group chain of your port', value: (f) => f.port?.sgChains.outbound },
  'port.spoofingChain': { needs: HYBRID_PORT, describe: 'the anti-spoofing chain of your port', value: (f) => f.port?.sgChains.spoofing },
  'qrouter.name': { needs: ['router'], describe: 'a qrouter- namespace', value: (f) => f.router?.name },
  'qrouter.uuid': { needs: ['router'], describe: "your router's UUID", value: (f) => f.router?.uuid },
  'qrouter.gatewayDevice': { needs: ['router'], describe: "your router's qg- gateway device", value: (f) => routerGateway(f)?.name },
  'qrouter.gatewayIp': { needs: ['router'], describe: "your router's gateway address", value: (f) => gatewayAddress(routerGateway(f)) },
  'qrouter.interfaceDevice': { needs: ['router'], describe: "your router's qr- interface", value: (f) => routerInterface(f)?.name },
  'qrouter.interfaceIp': { needs: ['router'], describe: "your router's qr- address", value: (f) => firstIpv4(routerInterface(f)) },
  'qdhcp.name': { needs: ['dhcp'], describe: 'a qdhcp- namespace', value: (f) => f.dhcp?.namespace },
  'dhcp.interface': { needs: ['dhcp'], describe: 'the interface dnsmasq listens on', value: (f) => f.dhcp?.interface },
  'dhcp.interfaceFile': {
    needs: ['dhcp'],
    describe: "the DHCP agent's interface file",
    value: (f) => (f.dhcp?.process.stateDir ? `${f.dhcp.process.stateDir}/interface` : null),
  },
  'dhcp.ip': { needs: ['dhcp'], describe: "the DHCP port's address", value: (f) => firstIpv4(dhcpDevice(f)) },
  'dhcp.pid': { needs: ['dhcp'], describe: "dnsmasq's process id", value: (f) => f.dhcp?.pid },
  'dhcp.networkId': { needs: ['dhcp'], describe: 'the network served by dnsmasq', value: (f) => f.dhcp?.networkId },
  'floating.floating': { needs: ['floatingIp'], describe: 'a floating IP', value: (f) => f.floating?.floating },
  'floating.fixed': { needs: ['floatingIp'], describe: 'the fixed IP behind the floating IP', value: (f) => f.floating?.fixed },
  'floating.router': { needs: ['floatingIp'], describe: 'the namespace holding the floating IP', value: (f) => f.floating?.router },
  ...OVN_PLACEHOLDERS,
};

function routerDevices(f: Focus): Device[] {
  return f.router ? namespaceDevices(f.topology, f.router.name) : [];
}

function routerGateway(f: Focus): Device | undefined {
  return routerDevices(f).find((d) => d.role === 'router-gateway' || d.name.startsWith('qg-'));
}

/** The qr- device on the instance's subnet, else the first one. */
function routerInterface(f: Focus): Device | undefined {
  const qrs = routerDevices(f).filter((d) => d.role === 'router-interface' || d.name.startsWith('qr-'));
  const ip = f.port ? fixedIps(f.topology, f.port)[0] : undefined;
  return qrs.find((d) => ip !== undefined && onSubnet(d, ip)) ?? qrs[0];
}

/** The subnet address of qg- (not one of the /32 floating IPs). */
function gatewayAddress(device: Device | undefined): string | null {
  return device?.addresses.find((a) => a.family === 'inet' && a.prefixLength < 32)?.address ?? null;
}

function dhcpDevice(f: Focus): Device | undefined {
  if (!f.dhcp?.interface) return undefined;
  return findDevice(f.topology, f.dhcp.namespace, f.dhcp.interface);
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+\.[A-Za-z]+)\s*\}\}/g;

/** The placeholder names used in a template, in order, without repeats. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
}

export function unknownPlaceholders(text: string): string[] {
  const stray = /\{\{|\}\}/.test(text.replace(PLACEHOLDER, '')) ? ['(malformed {{…}})'] : [];
  return [...placeholdersIn(text).filter((name) => !(name in PLACEHOLDERS)), ...stray];
}

/** Values of every placeholder for this topology: a non-empty string, or null when unknown.
 * A remote name starting with "-" would be read as an option: it counts as unknown. */
export type PlaceholderValues = Readonly<Record<string, string | null>>;

export function placeholderValues(topology: Topology | undefined): PlaceholderValues {
  const focus = topology ? pickFocus(topology) : null;
  const values: Record<string, string | null> = {};
  for (const [name, def] of Object.entries(PLACEHOLDERS)) {
    const value = focus ? def.value(focus) : null;
    const text = value === null || value === undefined ? '' : String(value);
    values[name] = text.trim() === '' || text.startsWith('-') ? null : text;
  }
  return values;
}

export type Filled = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly missing: readonly string[] };

/** Fills a template; if any placeholder has no value, returns the missing names instead. */
export function fillTemplate(template: string, values: PlaceholderValues): Filled {
  const missing = placeholdersIn(template).filter((name) => !values[name]);
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, text: template.replace(PLACEHOLDER, (_, name: string) => values[name] as string) };
}
