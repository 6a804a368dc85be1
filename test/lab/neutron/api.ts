// A small client for Neutron's REST API under auth_strategy=noauth (what later tests use too).
import { uuid } from '../ids';
import { api } from './paths';

/** The lab's project; noauth takes it from the headers and, for admin POSTs, from the body. */
export const projectId = uuid('neutron-lab-project').replace(/-/g, '');

export interface Port {
  id: string;
  name: string;
  network_id: string;
  mac_address: string;
  fixed_ips: { subnet_id: string; ip_address: string }[];
  device_owner: string;
  device_id: string;
  status: string;
  security_groups: string[];
  'binding:host_id'?: string;
  'binding:vif_type'?: string;
}
export interface Network { id: string; name: string; mtu: number; status: string; subnets: string[]; 'provider:segmentation_id'?: number | null }
export interface Subnet { id: string; network_id: string; cidr: string; gateway_ip: string }
export interface Router { id: string; name: string; status: string; external_gateway_info: { network_id: string; external_fixed_ips: { subnet_id: string; ip_address: string }[] } | null }
export interface FloatingIp { id: string; floating_ip_address: string; fixed_ip_address: string | null; port_id: string | null; router_id: string | null; status: string }
export interface SecurityGroup { id: string; name: string; security_group_rules: SecurityGroupRule[] }
export interface SecurityGroupRule {
  id: string;
  security_group_id: string;
  direction: 'ingress' | 'egress';
  ethertype: string;
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
}
export interface Agent { id: string; binary: string; host: string; alive: boolean; agent_type: string; configurations?: { tunneling_ip?: string; tunnel_types?: string[] } }

export class NeutronApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

export class NeutronApi {
  constructor(readonly base = `http://${api.host}:${api.port}`) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        'Content-Type': 'application/json',
        'X-Project-Id': projectId,
        'X-User-Id': 'lab',
        'X-Roles': 'admin,member,reader',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    if (!res.ok) throw new NeutronApiError(`Neutron ${method} ${path}: ${res.status} ${text.slice(0, 400)}`, res.status);
    return (text ? JSON.parse(text) : {}) as T;
  }

  private async create<T>(collection: string, key: string, body: Record<string, unknown>): Promise<T> {
    const res = await this.request<Record<string, T>>('POST', `/v2.0/${collection}`, { [key]: { project_id: projectId, ...body } });
    return res[key];
  }

  private async list<T>(collection: string, query: Record<string, string> = {}): Promise<T[]> {
    const q = new URLSearchParams(query).toString();
    const res = await this.request<Record<string, T[]>>('GET', `/v2.0/${collection}${q ? `?${q}` : ''}`);
    return res[collection.replace(/-/g, '_')];
  }

  async alive(): Promise<boolean> {
    try {
      await this.request('GET', '/v2.0/networks?limit=1');
      return true;
    } catch {
      return false;
    }
  }

  agents = () => this.list<Agent>('agents');
  networks = (q?: Record<string, string>) => this.list<Network>('networks', q);
  ports = (q?: Record<string, string>) => this.list<Port>('ports', q);
  routers = () => this.list<Router>('routers');
  floatingIps = () => this.list<FloatingIp>('floatingips');
  securityGroups = (q?: Record<string, string>) => this.list<SecurityGroup>('security-groups', q);

  createNetwork = (body: Record<string, unknown>) => this.create<Network>('networks', 'network', body);
  createSubnet = (body: Record<string, unknown>) => this.create<Subnet>('subnets', 'subnet', body);
  createRouter = (body: Record<string, unknown>) => this.create<Router>('routers', 'router', body);
  createPort = (body: Record<string, unknown>) => this.create<Port>('ports', 'port', body);
  createFloatingIp = (body: Record<string, unknown>) => this.create<FloatingIp>('floatingips', 'floatingip', body);

  async addRouterInterface(routerId: string, subnetId: string): Promise<{ port_id: string }> {
    return this.request('PUT', `/v2.0/routers/${routerId}/add_router_interface`, { subnet_id: subnetId });
  }

  async getPort(id: string): Promise<Port> {
    return (await this.request<{ port: Port }>('GET', `/v2.0/ports/${id}`)).port;
  }

  async getRouter(id: string): Promise<Router> {
    return (await this.request<{ router: Router }>('GET', `/v2.0/routers/${id}`)).router;
  }

  /** The project's `default` security group (Neutron creates it on first look). */
  async defaultSecurityGroup(): Promise<SecurityGroup> {
    const groups = await this.securityGroups({ project_id: projectId, name: 'default' });
    if (groups.length !== 1) throw new Error(`expected one default security group, got ${groups.length}`);
    return groups[0];
  }

  async addSgRule(rule: {
    securityGroupId: string;
    direction?: 'ingress' | 'egress';
    protocol: string;
    portMin?: number;
    portMax?: number;
    remoteIpPrefix?: string;
    remoteGroupId?: string;
  }): Promise<SecurityGroupRule> {
    const res = await this.request<{ security_group_rule: SecurityGroupRule }>('POST', '/v2.0/security-group-rules', {
      security_group_rule: {
        project_id: projectId,
        security_group_id: rule.securityGroupId,
        direction: rule.direction ?? 'ingress',
        ethertype: 'IPv4',
        protocol: rule.protocol,
        ...(rule.portMin === undefined ? {} : { port_range_min: rule.portMin, port_range_max: rule.portMax ?? rule.portMin }),
        ...(rule.remoteIpPrefix === undefined ? {} : { remote_ip_prefix: rule.remoteIpPrefix }),
        ...(rule.remoteGroupId === undefined ? {} : { remote_group_id: rule.remoteGroupId }),
      },
    });
    return res.security_group_rule;
  }

  /** The ingress IPv4 rules of a group for one protocol (and port), as Neutron has them now. */
  async findSgRules(securityGroupId: string, protocol: string, port?: number): Promise<SecurityGroupRule[]> {
    const rules = await this.list<SecurityGroupRule>('security-group-rules', { security_group_id: securityGroupId, protocol });
    return rules.filter((r) => r.direction === 'ingress' && r.ethertype === 'IPv4' && (port === undefined || r.port_range_min === port));
  }

  async deleteSgRule(id: string): Promise<void> {
    await this.request('DELETE', `/v2.0/security-group-rules/${id}`);
  }

  /** An instance port bound to this host, as Nova would ask for it. */
  async createInstancePort(opts: { networkId: string; host: string; name: string; vmUuid: string; securityGroups?: string[] }): Promise<Port> {
    return this.createPort({
      network_id: opts.networkId,
      name: opts.name,
      device_owner: 'compute:nova',
      device_id: opts.vmUuid,
      'binding:host_id': opts.host,
      ...(opts.securityGroups ? { security_groups: opts.securityGroups } : {}),
    });
  }

  async createFloatingIpFor(portId: string, externalNetworkId: string): Promise<FloatingIp> {
    return this.createFloatingIp({ floating_network_id: externalNetworkId, port_id: portId });
  }

  async waitFor<T>(what: string, get: () => Promise<T | undefined>, timeoutMs: number, onTimeout?: () => string): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await get().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${onTimeout ? `\n${onTimeout()}` : ''}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** Waits until a port is ACTIVE (its agent wired it). */
  waitPortActive(id: string, timeoutMs = 90_000, onTimeout?: () => string): Promise<Port> {
    return this.waitFor(`port ${id} ACTIVE`, async () => {
      const p = await this.getPort(id);
      return p.status === 'ACTIVE' ? p : undefined;
    }, timeoutMs, onTimeout);
  }
}
