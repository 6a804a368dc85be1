// Turns the scale knobs into every name and address the lab will create (pure).
import { mac, uuid } from './ids';
import type { FloatingIp, InstancePort, LabOptions, Network, Router } from './manifest';
import { paths } from './paths';

export const defaultOptions: LabOptions = { routers: 1, networks: 1, instances: 1, floating: 1, port: 2222 };

export const publicNet = { cidr: '172.24.4.0/24', prefix: '172.24.4.', gatewayIp: '172.24.4.1', bridge: 'br-ex' };
const SUBNET_PREFIX = 26; // DevStack's default private subnet, 10.0.0.0/26
const SUBNET_HOSTS = 62;

export interface Plan {
  options: LabOptions;
  networks: Network[];
  routers: Router[];
  instances: InstancePort[];
  floatingIps: FloatingIp[];
}

/** Network k is 10.x.y.(k%4*64)/26 with x.y = k/4 (network 0 = 10.0.0.0/26); hosts are offsets 1..62. */
function hostIp(k: number, offset: number): string {
  const block = Math.floor(k / 4);
  return `10.${Math.floor(block / 256)}.${block % 256}.${(k % 4) * 64 + offset}`;
}

function publicIp(offset: number): string {
  if (offset > 254) throw new Error('too many routers + floating IPs for 172.24.4.0/24 (at most 244)');
  return `${publicNet.prefix}${offset}`;
}

export function buildPlan(options: LabOptions): Plan {
  const { routers: R, networks: N, instances: I, floating: F } = options;
  if (N < 1) throw new Error('--networks must be at least 1');
  if (N > 1024) throw new Error('--networks must be at most 1024');
  if (R < 0 || I < 0 || F < 0) throw new Error('counts must not be negative');

  const nextHost = new Array<number>(N).fill(3); // .1 gateway, .2 DHCP port
  const allocate = (k: number): string => {
    const offset = nextHost[k]++;
    if (offset > SUBNET_HOSTS) throw new Error(`network ${k} is full (a /26 holds 62 hosts)`);
    return hostIp(k, offset);
  };

  const networks: Network[] = [];
  for (let k = 0; k < N; k++) {
    const id = uuid(`network-${k}`);
    const dhcpPortId = uuid(`dhcp-port-${k}`);
    networks.push({
      id,
      subnetId: uuid(`subnet-${k}`),
      cidr: `${hostIp(k, 0)}/${SUBNET_PREFIX}`,
      gatewayIp: hostIp(k, 1),
      tag: k + 1,
      namespace: `qdhcp-${id}`,
      dhcpPort: { portId: dhcpPortId, name: `tap${dhcpPortId.slice(0, 11)}`, ip: hostIp(k, 2), prefixLength: SUBNET_PREFIX, mac: mac(dhcpPortId) },
      stateDir: `${paths.dhcpStateDir}/${id}`,
    });
  }

  const routers: Router[] = [];
  const routerOfNetwork = new Map<number, Router>();
  for (let i = 0; i < R; i++) {
    const id = uuid(`router-${i}`);
    const k = i % N;
    const qrId = uuid(`router-${i}-qr`);
    const qgId = uuid(`router-${i}-qg`);
    const router: Router = {
      id,
      namespace: `qrouter-${id}`,
      networkId: networks[k].id,
      qr: { portId: qrId, name: `qr-${qrId.slice(0, 11)}`, ip: routerOfNetwork.has(k) ? allocate(k) : networks[k].gatewayIp, prefixLength: SUBNET_PREFIX, mac: mac(qrId) },
      qg: { portId: qgId, name: `qg-${qgId.slice(0, 11)}`, ip: publicIp(10 + i), prefixLength: 24, mac: mac(qgId) },
      defaultGateway: publicNet.gatewayIp,
    };
    routers.push(router);
    if (!routerOfNetwork.has(k)) routerOfNetwork.set(k, router);
  }

  const instances: InstancePort[] = [];
  for (let j = 0; j < I; j++) {
    const k = j % N;
    const portId = uuid(`instance-port-${j}`);
    const prefix11 = portId.slice(0, 11);
    const prefix10 = portId.slice(0, 10);
    instances.push({
      portId,
      prefix11,
      tap: `tap${prefix11}`,
      qbr: `qbr${prefix11}`,
      qvb: `qvb${prefix11}`,
      qvo: `qvo${prefix11}`,
      fixedIp: allocate(k),
      network: networks[k].id,
      mac: mac(portId),
      tag: networks[k].tag,
      sgChains: {
        inbound: `neutron-openvswi-i${prefix10}`,
        outbound: `neutron-openvswi-o${prefix10}`,
        spoofing: `neutron-openvswi-s${prefix10}`,
      },
    });
  }

  const reachable = instances.filter((p) => routerOfNetwork.has(networks.findIndex((n) => n.id === p.network)));
  if (F > reachable.length) {
    throw new Error(`--floating ${F} needs as many instances on routed networks (have ${reachable.length})`);
  }
  const floatingIps: FloatingIp[] = reachable.slice(0, F).map((port, f) => {
    const router = routerOfNetwork.get(networks.findIndex((n) => n.id === port.network))!;
    return {
      floating: publicIp(10 + R + f),
      fixed: port.fixedIp,
      router: router.id,
      namespace: router.namespace,
      device: router.qg.name,
      portId: port.portId,
    };
  });

  return { options, networks, routers, instances, floatingIps };
}
