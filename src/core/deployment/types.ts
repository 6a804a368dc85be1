// Deployments: several configured hosts that form one cloud (a controller and its computes), tied
// together by their tunnels. Plain data, JSON-serialisable; no vscode.
import type { Topology } from '../model/types';

/** One entry of the devstackNet.deployments setting. */
export interface DeploymentSpec {
  readonly name: string;
  /** Host aliases of devstackNet.hosts, in the order written. */
  readonly hosts: readonly string[];
}

/** A configured host and its last topology (null: not read yet). */
export interface HostTopology {
  readonly alias: string;
  readonly topology: Topology | null;
}

export type TunnelType = 'vxlan' | 'gre' | 'geneve' | 'stt';

/** A tunnel port of one host: br-tun `vxlan-*`/`gre-*` (ML2/OVS) or br-int `ovn-<chassis>-0` (OVN). */
export interface TunnelPort {
  readonly alias: string;
  readonly bridge: string;
  readonly name: string;
  readonly type: TunnelType;
  readonly remoteIp: string | null;
  readonly localIp: string | null;
  /** OVN's `ovn-<first 6 characters of the remote chassis name>-0`: those 6 characters. */
  readonly chassisPrefix: string | null;
}

/** An address a host answers tunnels on, and why we think so. */
export interface LocalAddress {
  readonly ip: string;
  /** "address 10.0.0.1/24 of eth1", "local_ip of vxlan-0a00644d on br-tun", "Encap geneve ip of its chassis ddc899… (hostname …)". */
  readonly evidence: string;
}

export type TunnelResolution =
  | {
      readonly state: 'resolved';
      readonly port: TunnelPort;
      /** The configured host that owns the remote end. */
      readonly host: string;
      /** Why: which of its local addresses (or chassis) matched. */
      readonly evidence: string;
      /** That host's tunnel port back to this one, when it has exactly one. */
      readonly otherEnd: TunnelPort | null;
    }
  | {
      readonly state: 'unresolved';
      readonly port: TunnelPort;
      /** "no configured host has 192.0.2.7", "2 configured hosts have 10.0.0.2 (a, b)". */
      readonly reason: string;
    };

/** Hosts whose tunnels point at each other, proposed as a deployment. */
export interface DeploymentSuggestion {
  readonly name: string;
  readonly hosts: readonly string[];
  /** One line per tunnel that links two of them: which port, which IP, whose address. */
  readonly evidence: readonly string[];
}
