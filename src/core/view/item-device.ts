// Items for devices and routes.
import type { Device } from '../model/types';
import type { Route } from '../parse/types';
import { CONTEXT, DEVICE_CONTEXT, withFlags } from './context-values';
import { ROLE_ICON } from './icons';
import { leaf } from './leaf';
import { escapeMarkdown, field, paragraphs } from './markdown';
import type { DeviceNode, ViewItem } from './nodes';
import { ROLE_MEANING, ROLE_WORDS } from './words';

export function deviceItem(node: DeviceNode): ViewItem {
  const d = node.device;
  // Link-local IPv6 addresses are noise in a one-line description (they stay in the tooltip).
  const addresses = d.addresses.filter((a) => !a.address.toLowerCase().startsWith('fe80:')).map((a) => `${a.address}/${a.prefixLength}`);
  const role = d.role === 'other' && d.kind ? d.kind : ROLE_WORDS[d.role];
  const down = d.state === 'DOWN' ? 'DOWN' : '';
  // The port's security-group view: iptables chains, or br-int flows on the native OVS firewall.
  const portView = ['instance-tap', 'hybrid-bridge', 'veth-bridge-side', 'veth-ovs-side'].includes(d.role) && d.portPrefix !== null;
  const context = withFlags(DEVICE_CONTEXT[d.role], {
    peer: d.peer !== null,
    bridge: node.hasBridge,
    uuid: node.portId !== null,
    iptables: portView && !node.nativeFirewall,
    sgFlows: portView && node.nativeFirewall === true,
  });
  const description = [...addresses, role, node.viaPort !== null && d.namespace ? `in ${d.namespace}` : '', down].filter(Boolean).join(' · ');
  return leaf(node.id, d.name, description, deviceTooltip(d, node.portId), context, ROLE_ICON[d.role]);
}

export function deviceTooltip(d: Device, portId: string | null = null): string {
  return paragraphs([
    `**${escapeMarkdown(d.name)}** — ${escapeMarkdown(ROLE_WORDS[d.role])}`,
    escapeMarkdown(ROLE_MEANING[d.role]),
    ...field('Namespace', d.namespace ?? 'root'),
    ...field('Addresses', d.addresses.map((a) => `${a.address}/${a.prefixLength}`).join(', ')),
    ...field('MAC', d.mac),
    ...field('MTU', d.mtu),
    ...field('State', d.state),
    ...field('Kind', d.kind),
    ...field('Master', d.master),
    ...field('Peer', d.peer && `${d.peer.name} in ${d.peer.namespace ?? 'the root namespace'}`),
    ...field('OVS bridge', d.ovsBridge && (d.ovsTag !== null ? `${d.ovsBridge}, tag ${d.ovsTag}` : d.ovsBridge)),
    ...field('Neutron port', portId ?? (d.portPrefix && `${d.portPrefix}…`)),
  ]);
}

export function routeItem(id: string, r: Route): ViewItem {
  const label = r.gateway !== null ? `${r.destination} via ${r.gateway}` : r.destination;
  const parts = [
    r.type && r.type !== 'unicast' ? r.type : '',
    r.device !== null ? `dev ${r.device}` : '',
    r.source !== null ? `src ${r.source}` : '',
    r.table !== null && r.table !== 'main' ? `table ${r.table}` : '',
    r.metric !== null ? `metric ${r.metric}` : '',
  ];
  const tooltip = paragraphs([
    `**${escapeMarkdown(label)}**`,
    ...field('Device', r.device),
    ...field('Gateway', r.gateway),
    ...field('Source', r.source),
    ...field('Protocol', r.protocol),
    ...field('Scope', r.scope),
    ...field('Table', r.table),
    ...field('Metric', r.metric),
  ]);
  return leaf(id, label, parts.filter(Boolean).join(' · '), tooltip, CONTEXT.route, 'arrow-small-right');
}
