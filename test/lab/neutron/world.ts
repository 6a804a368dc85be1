// The seed's world, created through Neutron's REST API only.
import { uuid } from '../ids';
import type { FloatingIp, Network, NeutronApi, Port, Router, SecurityGroup, SecurityGroupRule, Subnet } from './api';

export interface Instance {
  name: string;
  network: Network;
  subnet: Subnet;
  port: Port;
  vmUuid: string;
}

export interface World {
  publicNetwork: Network;
  publicSubnet: Subnet;
  privateNetwork: Network;
  privateSubnet: Subnet;
  secondNetwork: Network;
  secondSubnet: Subnet;
  router: Router;
  routerPorts: Port[];
  securityGroup: SecurityGroup;
  rules: { ssh: SecurityGroupRule; icmp: SecurityGroupRule };
  instances: Instance[];
  floatingIp: FloatingIp;
}

export const publicNet = { cidr: '172.24.4.0/24', gatewayIp: '172.24.4.1', bridge: 'br-ex' };

/** `hostOf`: the host an instance's port is bound to (the two-node lab puts vm1 on the compute); default `host`. */
export async function createWorld(api: NeutronApi, host: string, log: (m: string) => void, hostOf: (instance: string) => string = () => host): Promise<World> {
  const publicNetwork = await api.createNetwork({
    name: 'public', 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': 'public',
  });
  const publicSubnet = await api.createSubnet({
    network_id: publicNetwork.id, name: 'public-subnet', ip_version: 4, cidr: publicNet.cidr,
    gateway_ip: publicNet.gatewayIp, enable_dhcp: false, allocation_pools: [{ start: '172.24.4.2', end: '172.24.4.254' }],
  });
  const privateNetwork = await api.createNetwork({ name: 'private' });
  const privateSubnet = await api.createSubnet({ network_id: privateNetwork.id, name: 'private-subnet', ip_version: 4, cidr: '10.0.0.0/26', gateway_ip: '10.0.0.1' });
  const secondNetwork = await api.createNetwork({ name: 'private2' });
  const secondSubnet = await api.createSubnet({ network_id: secondNetwork.id, name: 'private2-subnet', ip_version: 4, cidr: '10.0.0.64/26', gateway_ip: '10.0.0.65' });
  log('  networks and subnets created');

  let router = await api.createRouter({ name: 'router1', external_gateway_info: { network_id: publicNetwork.id } });
  await api.addRouterInterface(router.id, privateSubnet.id);
  await api.addRouterInterface(router.id, secondSubnet.id);
  router = await api.getRouter(router.id);

  const securityGroup = await api.defaultSecurityGroup();
  const ssh = await api.addSgRule({ securityGroupId: securityGroup.id, protocol: 'tcp', portMin: 22, remoteIpPrefix: '0.0.0.0/0' });
  const icmp = await api.addSgRule({ securityGroupId: securityGroup.id, protocol: 'icmp', remoteIpPrefix: '0.0.0.0/0' });

  const instances: Instance[] = [];
  for (const [name, network, subnet] of [['vm1', privateNetwork, privateSubnet], ['vm2', secondNetwork, secondSubnet]] as const) {
    const vmUuid = uuid(`neutron-lab-${name}`);
    const port = await api.createInstancePort({ networkId: network.id, host: hostOf(name), name: `${name}-port`, vmUuid, securityGroups: [securityGroup.id] });
    instances.push({ name, network, subnet, port, vmUuid });
  }
  const floatingIp = await api.createFloatingIpFor(instances[0].port.id, publicNetwork.id);
  const routerPorts = await api.ports({ device_id: router.id });
  log(`  router, security group rules, ${instances.length} instance ports and floating IP ${floatingIp.floating_ip_address} created`);
  return {
    publicNetwork, publicSubnet, privateNetwork, privateSubnet, secondNetwork, secondSubnet, router, routerPorts,
    securityGroup: await api.defaultSecurityGroup(), rules: { ssh, icmp }, instances, floatingIp,
  };
}
