// The Neutron lab's manifest: the fast lab's shape (test/lab/manifest.ts), filled from Neutron's
// own answers, plus the back end and the API ids later tests need.
import * as fs from 'node:fs';
import type { Device, Manifest, InstancePort } from '../manifest';
import { paths } from '../paths';
import type { Backend } from './paths';

export interface NeutronInstancePort extends Omit<InstancePort, 'qbr' | 'qvb' | 'qvo' | 'sgChains'> {
  /** null where os-vif plugs the tap straight into br-int (ovs-native, ovn) */
  qbr: string | null;
  qvb: string | null;
  qvo: string | null;
  /** iptables_hybrid only */
  sgChains: InstancePort['sgChains'] | null;
  name: string;
  vmUuid: string;
  subnetId: string;
  gatewayIp: string;
  prefixLength: number;
  /** the stand-in guest: its namespace (not part of a real node) and device */
  guestNamespace: string;
  guestDevice: string;
  /** multi-node lab only (`--nodes 2|3`): the host its port is bound to and plugged on */
  host?: string;
}

/** One node of the multi-node lab (`--nodes 2|3`). */
export interface NeutronHost {
  /** the Host entry in .lab/ssh_config */
  alias: string;
  role: 'controller' | 'compute';
  /** Neutron's host name for it (agents, binding:host_id) */
  host: string;
  sshHost: string;
  sshPort: number;
  underlayIp: string;
  /** its sshd's public host key */
  hostKey: string;
  /** compute: its network namespace and the pid holding its mount namespace (nsenter -t <pid> -m -n) */
  namespace: string | null;
  holderPid: number | null;
  ovsBridges: string[];
  /** compute: devices in its namespace (the controller's are the manifest's `devices`); ovn: its ovnmeta- devices too */
  devices: Device[];
}

export interface NeutronIds {
  projectId: string;
  apiUrl: string;
  publicNetworkId: string;
  publicSubnetId: string;
  routerId: string;
  securityGroupId: string;
  sshRuleId: string;
  icmpRuleId: string;
  floatingIpId: string;
  /** ovn: the chassis name (Open_vSwitch external_ids:system-id) */
  chassis: string | null;
}

export interface NeutronManifest extends Omit<Manifest, 'instancePorts'> {
  backend: Backend;
  instancePorts: NeutronInstancePort[];
  neutron: NeutronIds;
  /** daemon name -> log file */
  logs: Record<string, string>;
  /** multi-node lab only (`--nodes 2|3`): the controller, then compute1, compute2; the single-host fields above describe the controller */
  hosts?: NeutronHost[];
}

export function readNeutronManifest(): NeutronManifest | null {
  try {
    const m = JSON.parse(fs.readFileSync(paths.manifest, 'utf8')) as Partial<NeutronManifest>;
    return m.backend ? (m as NeutronManifest) : null;
  } catch {
    return null;
  }
}
