// Stable tree ids. Every remote name is percent-encoded, so "/" in a name
// cannot fake a path and ids cannot collide; "@root" (never produced by the
// encoding, which escapes "@") stands for the root namespace.
import type { DeviceRef } from '../model/types';
import type { GroupKind } from './nodes';

const ROOT = '@root';

export function segment(name: string): string {
  return encodeURIComponent(name);
}

function nsSegment(namespace: string | null): string {
  return namespace === null ? ROOT : segment(namespace);
}

export const ids = {
  host: (alias: string) => `host/${segment(alias)}`,
  loading: (alias: string) => `${ids.host(alias)}/loading`,
  info: (alias: string, what: string) => `${ids.host(alias)}/info/${segment(what)}`,
  error: (parentId: string, section: string | null) => `${parentId}/error/${section === null ? ROOT : segment(section)}`,
  group: (alias: string, group: GroupKind) => `${ids.host(alias)}/group/${group}`,
  namespace: (alias: string, name: string) => `${ids.host(alias)}/ns/${segment(name)}`,
  device(alias: string, ref: DeviceRef, viaPort: string | null = null): string {
    if (viaPort !== null) return `${ids.port(alias, viaPort)}/ns/${nsSegment(ref.namespace)}/dev/${segment(ref.name)}`;
    const parent = ref.namespace === null ? ids.group(alias, 'devices') : ids.namespace(alias, ref.namespace);
    return `${parent}/dev/${segment(ref.name)}`;
  },
  route: (alias: string, namespace: string | null, key: string) =>
    `${namespace === null ? ids.group(alias, 'devices') : ids.namespace(alias, namespace)}/route/${segment(key)}`,
  ovsBridge: (alias: string, name: string) => `${ids.host(alias)}/ovs/${segment(name)}`,
  ovsPort: (alias: string, bridge: string, name: string) => `${ids.ovsBridge(alias, bridge)}/port/${segment(name)}`,
  linuxBridge: (alias: string, namespace: string | null, name: string) =>
    `${ids.host(alias)}/lb/${nsSegment(namespace)}/${segment(name)}`,
  bridgeMember: (alias: string, namespace: string | null, bridge: string, member: string) =>
    `${ids.linuxBridge(alias, namespace, bridge)}/member/${segment(member)}`,
  port: (alias: string, prefix: string) => `${ids.host(alias)}/port/${segment(prefix)}`,
};
