// The Neutron configuration files, as DevStack would write them for each back end (pure).
import { api, npaths, rabbit, type Backend } from './paths';

export interface ConfigFiles {
  [file: string]: string;
}

type Sections = Record<string, Record<string, string | number | boolean>>;

const ini = (sections: Sections): string =>
  Object.entries(sections)
    .map(([name, kv]) => [`[${name}]`, ...Object.entries(kv).map(([k, v]) => `${k} = ${v}`), ''].join('\n'))
    .join('\n');

/** Where a node differs in the multi-node lab (--nodes 2|3): its tunnel endpoint, how it reaches RabbitMQ (and OVN's SB), its own dirs. */
export interface NodeConfig {
  localIp: string;
  rabbitHost?: string;
  statePath?: string;
  lockPath?: string;
  bridgeMappings?: string;
  /** ovn compute: the controller's southbound database over the underlay (tcp:<ip>:6642) */
  sbConnection?: string;
}

export function neutronConfigs(backend: Backend, host: string, node?: NodeConfig): ConfigFiles {
  const ovn = backend === 'ovn';
  const common = {
    DEFAULT: {
      core_plugin: 'ml2',
      service_plugins: ovn ? 'ovn-router' : 'router',
      auth_strategy: 'noauth',
      state_path: node?.statePath ?? npaths.statePath,
      transport_url: `rabbit://guest:guest@${node?.rabbitHost ?? '127.0.0.1'}:${rabbit.port}/`,
      bind_host: api.host,
      bind_port: api.port,
      host,
      api_workers: 1,
      rpc_workers: 1,
      rpc_state_report_workers: 1,
      allow_overlapping_ips: true,
      notify_nova_on_port_status_changes: false,
      notify_nova_on_port_data_changes: false,
      debug: false,
      use_stderr: true,
    },
    database: { connection: `mysql+pymysql://neutron:lab@localhost/neutron?unix_socket=${npaths.mysqlSock}` },
    oslo_concurrency: { lock_path: node?.lockPath ?? npaths.lock },
    agent: { root_helper: '', report_interval: 5 },
    oslo_messaging_rabbit: { heartbeat_timeout_threshold: 0 },
  };
  const ml2: Sections = ovn
    ? {
        ml2: { type_drivers: 'local,flat,vlan,geneve', tenant_network_types: 'geneve', mechanism_drivers: 'ovn', extension_drivers: 'port_security' },
        ml2_type_flat: { flat_networks: 'public' },
        ml2_type_geneve: { vni_ranges: '1:65536', max_header_size: 38 },
        securitygroup: { enable_security_group: true },
        ovn: {
          ovn_nb_connection: `unix:${npaths.ovnRunDir}/ovnnb_db.sock`,
          ovn_sb_connection: `unix:${npaths.ovnRunDir}/ovnsb_db.sock`,
          ovn_l3_scheduler: 'leastloaded',
          ovn_metadata_enabled: true,
        },
      }
    : {
        ml2: { type_drivers: 'flat,vxlan', tenant_network_types: 'vxlan', mechanism_drivers: 'openvswitch', extension_drivers: 'port_security' },
        ml2_type_flat: { flat_networks: 'public' },
        ml2_type_vxlan: { vni_ranges: '1:1000' },
        securitygroup: { firewall_driver: backend === 'ovs-hybrid' ? 'iptables_hybrid' : 'openvswitch', enable_security_group: true },
      };
  const ovsSection = { datapath_type: 'netdev', integration_bridge: 'br-int' };
  const files: ConfigFiles = {
    'neutron.conf': ini(common),
    'ml2_conf.ini': ini(ml2),
  };
  if (ovn) {
    files['ovn_metadata_agent.ini'] = ini({
      DEFAULT: { nova_metadata_host: '127.0.0.1', metadata_proxy_shared_secret: 'lab', metadata_workers: 1 },
      ovs: { ovsdb_connection: 'unix:/run/openvswitch/db.sock' },
      ovn: { ovn_sb_connection: node?.sbConnection ?? `unix:${npaths.ovnRunDir}/ovnsb_db.sock` },
      agent: { root_helper: '' },
    });
  } else {
    files['openvswitch_agent.ini'] = ini({
      ovs: { ...ovsSection, tunnel_bridge: 'br-tun', local_ip: node?.localIp ?? '127.0.0.1', bridge_mappings: node?.bridgeMappings ?? 'public:br-ex' },
      agent: { tunnel_types: 'vxlan', root_helper: '' },
      securitygroup: { firewall_driver: backend === 'ovs-hybrid' ? 'iptables_hybrid' : 'openvswitch', enable_security_group: true },
    });
    files['l3_agent.ini'] = ini({ DEFAULT: { interface_driver: 'openvswitch', agent_mode: 'legacy' }, ovs: ovsSection, agent: { root_helper: '' } });
    // as DevStack configures the DHCP agent next to an L3 agent
    files['dhcp_agent.ini'] = ini({
      DEFAULT: { interface_driver: 'openvswitch', enable_isolated_metadata: false, dnsmasq_local_resolv: true },
      ovs: ovsSection,
      agent: { root_helper: '' },
    });
    files['metadata_agent.ini'] = ini({
      DEFAULT: { nova_metadata_host: '127.0.0.1', metadata_proxy_shared_secret: 'lab', metadata_workers: 1 },
      agent: { root_helper: '' },
    });
  }
  return files;
}
