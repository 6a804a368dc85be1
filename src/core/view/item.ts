// item(node): the plain tree item for a node. Remote text reaches markdown only escaped.
import { CONTEXT, NAMESPACE_CONTEXT, NEUTRON_PORT_CONTEXT, withFlags } from './context-values';
import { GROUP_ICON, GROUP_LABEL, NAMESPACE_ICON, ROLE_ICON } from './icons';
import { deviceItem, deviceTooltip, routeItem } from './item-device';
import { errorItem, hostItem } from './item-status';
import { leaf } from './leaf';
import { ovnItem } from './ovn';
import { deploymentItem, OTHER_END_FLAG } from './deployment';
import { escapeMarkdown, field, paragraphs } from './markdown';
import type { TreeNode, ViewItem } from './nodes';
import { NAMESPACE_MEANING, NAMESPACE_WORDS, PORT_KIND_WORDS, ROLE_WORDS } from './words';

export function item(node: TreeNode): ViewItem {
  switch (node.kind) {
    case 'host':
      return hostItem(node);
    case 'loading':
      return leaf(node.id, 'Connecting…', '', 'Connecting and reading the topology.', CONTEXT.loading, 'loading~spin');
    case 'error':
      return errorItem(node);
    case 'info': {
      const evidence = node.detail.split('\n').filter(Boolean).map(escapeMarkdown);
      return leaf(node.id, node.label, '', paragraphs([escapeMarkdown(node.label), ...evidence]), CONTEXT.backendInfo, 'info');
    }
    case 'group':
      return {
        ...leaf(node.id, GROUP_LABEL[node.group], String(node.count), `${GROUP_LABEL[node.group]}: ${node.count}`, CONTEXT.group(node.group), GROUP_ICON[node.group]),
        collapsible: 'collapsed',
      };
    case 'namespace': {
      const ns = node.namespace;
      const words = NAMESPACE_WORDS[ns.kind];
      const description = [ns.kind === 'other' ? '' : words, ns.uuid ? ns.uuid.slice(0, 8) : '', ns.error ? 'error' : ''].filter(Boolean).join(' · ');
      const tooltip = paragraphs([
        `**${escapeMarkdown(ns.name)}**`,
        escapeMarkdown(NAMESPACE_MEANING[ns.kind]),
        ...field('UUID', ns.uuid),
        ...field('netns id', ns.id),
        ...field('Devices', ns.devices.length),
        ...field('Error', ns.error?.message),
      ]);
      return {
        ...leaf(node.id, ns.name, description, tooltip, withFlags(NAMESPACE_CONTEXT[ns.kind], { uuid: ns.uuid !== null }), NAMESPACE_ICON[ns.kind]),
        collapsible: 'collapsed',
      };
    }
    case 'device':
      return deviceItem(node);
    case 'route':
      return routeItem(node.id, node.route);
    case 'ovsBridge': {
      const b = node.bridge;
      const description = [`${b.ports.length} ports`, b.datapathType && b.datapathType !== 'system' ? b.datapathType : ''].filter(Boolean).join(' · ');
      const tooltip = paragraphs([`**${escapeMarkdown(b.name)}**`, 'An Open vSwitch bridge.', ...field('Datapath', b.datapathType), ...field('Ports', b.ports.length)]);
      return { ...leaf(node.id, b.name, description, tooltip, CONTEXT.ovsBridge, 'type-hierarchy'), collapsible: 'collapsed' };
    }
    case 'ovsPort': {
      const p = node.port;
      const parts = [
        p.tag !== null ? `tag ${p.tag}` : '',
        p.type ?? '',
        p.patchPeer !== null ? `peer ${p.patchPeer}` : '',
        p.remoteIp !== null ? `remote ${p.remoteIp}` : '',
        p.device?.namespace ? `in ${p.device.namespace}` : '',
      ];
      const tooltip = paragraphs([
        `**${escapeMarkdown(p.name)}**`,
        ...field('Bridge', p.bridge),
        ...field('VLAN tag', p.tag),
        ...field('Type', p.type ?? 'system'),
        ...field('ofport', p.ofport),
        ...field('Patch peer', p.patchPeer),
        ...field('Tunnel remote', p.remoteIp),
        ...field('Neutron port id', p.ifaceId),
        ...field('Attached MAC', p.attachedMac),
        ...field('Namespace', p.device?.namespace),
      ]);
      const icon = p.patchPeer !== null ? 'link' : p.remoteIp !== null ? 'radio-tower' : 'plug';
      const tunnel = p.remoteIp !== null || /^ovn-.+-\d+$/.test(p.name) ? OTHER_END_FLAG : ''; // "Reveal other end" (deployments)
      return leaf(node.id, p.name, parts.filter(Boolean).join(' · '), tooltip, withFlags(CONTEXT.ovsPort, { peer: p.patchPeer !== null, uuid: p.ifaceId !== null }) + tunnel, icon);
    }
    case 'linuxBridge': {
      const b = node.bridge;
      const description = [`${b.members.length} members`, b.namespace ? `in ${b.namespace}` : ''].filter(Boolean).join(' · ');
      const tooltip = paragraphs([`**${escapeMarkdown(b.name)}**`, 'A Linux bridge.', ...field('Namespace', b.namespace), ...field('Members', b.members.join(', '))]);
      return { ...leaf(node.id, b.name, description, tooltip, CONTEXT.linuxBridge, 'type-hierarchy-sub'), collapsible: 'collapsed' };
    }
    case 'bridgeMember': {
      const d = node.device;
      const tooltip = d ? deviceTooltip(d) : paragraphs([`**${escapeMarkdown(node.member)}**`, `A member of ${escapeMarkdown(node.bridge.name)}.`]);
      return leaf(node.id, node.member, d ? ROLE_WORDS[d.role] : '', tooltip, withFlags(CONTEXT.bridgeMember, { peer: d?.peer != null }), d ? ROLE_ICON[d.role] : 'symbol-field');
    }
    case 'ovn':
      return ovnItem(node);
    case 'deployment':
      return deploymentItem(node);
    case 'neutronPort': {
      const p = node.port;
      const description = [PORT_KIND_WORDS[p.kind], ...p.addresses, p.vlanTag !== null ? `tag ${p.vlanTag}` : ''].filter(Boolean).join(' · ');
      const tooltip = paragraphs([
        `**Neutron port ${escapeMarkdown(p.id ?? p.prefix)}**`,
        escapeMarkdown(PORT_KIND_WORDS[p.kind]),
        ...field('Data path', p.devices.map((d) => d.name).join(' → ')),
        ...field('MAC', p.mac),
        ...field('Addresses', p.addresses.join(', ')),
        ...field('OVS bridge', p.ovsBridge),
        ...field('Local VLAN', p.vlanTag),
        ...field('Inbound chain', p.sgChains.inbound),
        ...field('Outbound chain', p.sgChains.outbound),
        ...field('Anti-spoofing chain', p.sgChains.spoofing),
        ...field('Network', p.networkId),
        ...(p.evidence ?? []).map((e) => `Evidence: ${escapeMarkdown(e)}`),
      ]);
      const instance = p.kind === 'instance';
      const context = withFlags(NEUTRON_PORT_CONTEXT[p.kind], {
        bridge: p.ovsBridge !== null,
        uuid: true,
        iptables: instance && !node.nativeFirewall,
        sgFlows: instance && node.nativeFirewall === true,
      });
      return { ...leaf(node.id, p.prefix, description, tooltip, context, 'plug'), collapsible: p.devices.length > 0 ? 'collapsed' : 'none' };
    }
  }
}


