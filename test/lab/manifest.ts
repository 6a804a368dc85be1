// The lab's ground truth for tests: what `lab:up` built, by name.
import * as fs from 'node:fs';
import { paths } from './paths';

export interface LabOptions {
  routers: number;
  networks: number;
  instances: number;
  floating: number;
  port: number;
}

export interface Device {
  name: string;
  /** null = the root namespace */
  namespace: string | null;
  kind: 'loopback' | 'ovs-internal' | 'tap' | 'bridge' | 'veth' | 'ovs-datapath';
}

export interface PortAddress {
  portId: string;
  name: string;
  ip: string;
  prefixLength: number;
  mac: string;
}

export interface Network {
  id: string;
  subnetId: string;
  cidr: string;
  gatewayIp: string;
  tag: number;
  namespace: string;
  dhcpPort: PortAddress;
  stateDir: string;
}

export interface Router {
  id: string;
  namespace: string;
  networkId: string;
  qr: PortAddress;
  qg: PortAddress;
  defaultGateway: string;
}

export interface FloatingIp {
  floating: string;
  fixed: string;
  /** router UUID */
  router: string;
  namespace: string;
  device: string;
  portId: string;
}

export interface InstancePort {
  portId: string;
  prefix11: string;
  tap: string;
  qbr: string;
  qvb: string;
  qvo: string;
  fixedIp: string;
  network: string;
  mac: string;
  tag: number;
  sgChains: { inbound: string; outbound: string; spoofing: string };
}

export interface Chain {
  table: 'raw' | 'filter' | 'nat' | 'mangle';
  name: string;
  namespace: string | null;
}

export interface OvsPort {
  bridge: string;
  name: string;
  type: 'internal' | 'patch' | 'system';
  tag: number | null;
}

export interface Dhcp {
  namespace: string;
  interface: string;
  networkId: string;
  pid: number;
  pidFile: string;
}

export interface Manifest {
  host: { alias: string; alias_nopw: string; hostName: string; port: number; user: string; userNoPassword: string };
  sshConfig: string;
  knownHosts: string;
  identity: string;
  sshdLog: string;
  options: LabOptions;
  namespaces: string[];
  devices: Device[];
  ovsBridges: string[];
  ovsPorts: OvsPort[];
  linuxBridges: string[];
  floatingIps: FloatingIp[];
  chains: Chain[];
  ruleCount: number;
  instancePorts: InstancePort[];
  routers: Router[];
  networks: Network[];
  dhcp: Dhcp[];
  publicNetwork: { cidr: string; gatewayIp: string; bridge: string };
}

export function readManifest(): Manifest | null {
  try {
    return JSON.parse(fs.readFileSync(paths.manifest, 'utf8')) as Manifest;
  } catch {
    return null;
  }
}
