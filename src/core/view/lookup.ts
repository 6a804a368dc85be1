// Indexes over one topology, built once per topology object.
import type { Device, DeviceRef, NeutronPort, Topology } from '../model/types';

interface Index {
  readonly devices: ReadonlyMap<string, Device>;
  readonly portsByPrefix: ReadonlyMap<string, NeutronPort>;
}

const cache = new WeakMap<Topology, Index>();

function index(topology: Topology): Index {
  let found = cache.get(topology);
  if (!found) {
    found = {
      devices: new Map(topology.devices.map((d) => [deviceKey(d), d])),
      portsByPrefix: new Map(topology.ports.map((p) => [p.prefix, p])),
    };
    cache.set(topology, found);
  }
  return found;
}

export function deviceKey(ref: DeviceRef): string {
  return `${ref.namespace ?? ''}/${ref.name}`;
}

export function findDevice(topology: Topology, ref: DeviceRef): Device | undefined {
  return index(topology).devices.get(deviceKey(ref));
}

export function findDeviceByKey(topology: Topology, key: string): Device | undefined {
  return index(topology).devices.get(key);
}

export function findPort(topology: Topology, prefix: string): NeutronPort | undefined {
  return index(topology).portsByPrefix.get(prefix);
}

/** True when the device hangs off a bridge the tree shows: an OVS bridge or a Linux bridge master. */
export function hasBridge(topology: Topology, device: Device): boolean {
  if (device.ovsBridge !== null) return true;
  return device.master !== null && topology.linuxBridges.some((b) => b.name === device.master && b.namespace === device.namespace);
}
