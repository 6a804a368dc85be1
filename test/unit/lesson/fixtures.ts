// The lab topology (through the real collectTopology) and lab topologies with parts removed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLesson } from '../../../src/core/lesson/load';
import type { Lesson } from '../../../src/core/lesson/schema';
import type { Topology } from '../../../src/core/model/types';
import type { Manifest } from '../../lab/manifest';
import { labTopology } from '../view/lab-snapshot';

export const LESSONS_DIR = join(__dirname, '..', '..', '..', 'media', 'lessons');

/** The lab's manifest, as test/lab/manifest.ts describes it. */
export type LabManifest = Manifest;

export function labManifest(): LabManifest {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'lab', 'manifest.json'), 'utf8')) as LabManifest;
}

export { labTopology };

export function lesson(): Promise<Lesson> {
  return loadLesson(join(LESSONS_DIR, 'under-the-hood'));
}

/** The lab with no VM: no instance ports (and so no floating IP pairs to them). */
export function withoutInstance(t: Topology): Topology {
  return { ...t, ports: t.ports.filter((p) => p.kind !== 'instance'), floatingIps: [] };
}

/** The lab with no router: its namespace, devices and floating IPs gone. */
export function withoutRouter(t: Topology): Topology {
  const routers = new Set(t.namespaces.filter((n) => n.kind === 'qrouter').map((n) => n.name));
  return {
    ...t,
    namespaces: t.namespaces.filter((n) => !routers.has(n.name)),
    devices: t.devices.filter((d) => d.namespace === null || !routers.has(d.namespace)),
    ports: t.ports.filter((p) => !p.devices.some((d) => d.namespace !== null && routers.has(d.namespace))),
    floatingIps: [],
    routerNat: {},
  };
}

export function withoutFloating(t: Topology): Topology {
  return { ...t, floatingIps: [] };
}

export function withoutDhcp(t: Topology): Topology {
  return { ...t, dhcp: [] };
}

export function withBackend(t: Topology, kind: Topology['backend']['kind']): Topology {
  return { ...t, backend: { kind, evidence: [] } };
}

/** Renames one namespace everywhere it is referenced (for hostile-name tests). */
export function renameNamespace(t: Topology, from: string, to: string): Topology {
  const rename = (ns: string | null) => (ns === from ? to : ns);
  return {
    ...t,
    namespaces: t.namespaces.map((n) => (n.name === from ? { ...n, name: to } : n)),
    devices: t.devices.map((d) => ({ ...d, namespace: rename(d.namespace), key: `${rename(d.namespace) ?? ''}/${d.name}` })),
    dhcp: t.dhcp.map((d) => ({ ...d, namespace: rename(d.namespace) })),
    floatingIps: t.floatingIps.map((f) => ({ ...f, router: rename(f.router) as string })),
  };
}
