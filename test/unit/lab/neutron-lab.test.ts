// The Neutron lab's pure parts: its configuration per back end, os-vif names, back-end selection.
import { strict as assert } from 'node:assert';
import { computeSpec, computeSpecs, ovnSbRemote } from '../../lab/neutron/compute';
import { neutronConfigs } from '../../lab/neutron/config';
import { plugNames } from '../../lab/neutron/plug';
import { backends } from '../../lab/neutron/paths';
import { wantedBackends } from '../../neutron/cycle';

const value = (ini: string, section: string, key: string): string | undefined => {
  const body = ini.split(/^\[/m).find((s) => s.startsWith(`${section}]`));
  return body && new RegExp(`^${key} = (.*)$`, 'm').exec(body)?.[1];
};

describe('Neutron lab configuration', () => {
  it('ML2/OVS: the firewall driver follows the back end; agents on the userspace datapath', () => {
    const hybrid = neutronConfigs('ovs-hybrid', 'vm');
    const native = neutronConfigs('ovs-native', 'vm');
    assert.equal(value(hybrid['openvswitch_agent.ini'], 'securitygroup', 'firewall_driver'), 'iptables_hybrid');
    assert.equal(value(native['openvswitch_agent.ini'], 'securitygroup', 'firewall_driver'), 'openvswitch');
    for (const file of ['openvswitch_agent.ini', 'l3_agent.ini', 'dhcp_agent.ini']) assert.equal(value(hybrid[file], 'ovs', 'datapath_type'), 'netdev', file);
    assert.equal(value(hybrid['neutron.conf'], 'DEFAULT', 'service_plugins'), 'router');
    assert.equal(value(hybrid['ml2_conf.ini'], 'ml2', 'mechanism_drivers'), 'openvswitch');
    assert.equal(hybrid['ovn_metadata_agent.ini'], undefined);
  });

  it('the DHCP agent is configured as DevStack does next to an L3 agent', () => {
    const dhcp = neutronConfigs('ovs-hybrid', 'vm')['dhcp_agent.ini'];
    assert.equal(value(dhcp, 'DEFAULT', 'enable_isolated_metadata'), 'false');
    assert.equal(value(dhcp, 'DEFAULT', 'dnsmasq_local_resolv'), 'true');
  });

  it('ML2/OVN: ovn mechanism driver and router plugin, metadata agent on the default OVS socket, no OVS agents', () => {
    const ovn = neutronConfigs('ovn', 'vm');
    assert.equal(value(ovn['ml2_conf.ini'], 'ml2', 'mechanism_drivers'), 'ovn');
    assert.equal(value(ovn['neutron.conf'], 'DEFAULT', 'service_plugins'), 'ovn-router');
    assert.equal(value(ovn['ovn_metadata_agent.ini'], 'ovs', 'ovsdb_connection'), 'unix:/run/openvswitch/db.sock');
    assert.deepEqual(Object.keys(ovn).sort(), ['ml2_conf.ini', 'neutron.conf', 'ovn_metadata_agent.ini']);
  });

  it('noauth, and the agents report under this host name', () => {
    const conf = neutronConfigs('ovn', 'node-7')['neutron.conf'];
    assert.equal(value(conf, 'DEFAULT', 'auth_strategy'), 'noauth');
    assert.equal(value(conf, 'DEFAULT', 'host'), 'node-7');
  });

  it('two nodes: each agent tunnels from its underlay address; the compute reaches RabbitMQ there and keeps its own dirs', () => {
    const single = neutronConfigs('ovs-hybrid', 'vm');
    assert.equal(value(single['openvswitch_agent.ini'], 'ovs', 'local_ip'), '127.0.0.1');
    const controller = neutronConfigs('ovs-hybrid', 'vm', { localIp: '10.99.0.1' });
    assert.equal(value(controller['openvswitch_agent.ini'], 'ovs', 'local_ip'), '10.99.0.1');
    assert.equal(value(controller['openvswitch_agent.ini'], 'ovs', 'bridge_mappings'), 'public:br-ex');
    assert.equal(controller['neutron.conf'], single['neutron.conf']);
    const compute = neutronConfigs('ovs-hybrid', 'compute1', {
      localIp: '10.99.0.2', rabbitHost: '10.99.0.1', statePath: '/opt/stack/data/neutron/compute1', lockPath: '/opt/stack/data/neutron/compute1/lock', bridgeMappings: '',
    });
    assert.equal(value(compute['openvswitch_agent.ini'], 'ovs', 'local_ip'), '10.99.0.2');
    assert.equal(value(compute['openvswitch_agent.ini'], 'agent', 'tunnel_types'), 'vxlan');
    assert.equal(value(compute['neutron.conf'], 'DEFAULT', 'host'), 'compute1');
    assert.match(value(compute['neutron.conf'], 'DEFAULT', 'transport_url') ?? '', /@10\.99\.0\.1:\d+\/$/);
    assert.equal(value(compute['neutron.conf'], 'oslo_concurrency', 'lock_path'), '/opt/stack/data/neutron/compute1/lock');
  });
});

describe('Neutron lab computes (--nodes 2|3)', () => {
  it('compute i: host compute<i>; compute1 keeps the devstack-compute names, the next ones carry their number', () => {
    assert.deepEqual(computeSpecs(1), []);
    assert.deepEqual(computeSpecs(3).map((c) => [c.host, c.alias, c.namespace, c.runDir, c.underlay.computeIp, c.underlay.controllerDev]), [
      ['compute1', 'devstack-compute', 'devstack-compute', '/run/devstack-compute', '10.99.0.2', 'ul-ctl'],
      ['compute2', 'devstack-compute2', 'devstack-compute2', '/run/devstack-compute2', '10.99.0.3', 'ul-ctl2'],
    ]);
    // one underlay: every compute reaches the controller at the same address
    assert.equal(computeSpec(2).underlay.controllerIp, computeSpec(1).underlay.controllerIp);
    assert.notEqual(computeSpec(2).hostKey, computeSpec(1).hostKey);
  });

  it('ovn compute: its metadata agent reads the controller\'s southbound database over the underlay, under its own host name', () => {
    const files = neutronConfigs('ovn', 'compute2', { localIp: '10.99.0.3', rabbitHost: '10.99.0.1', statePath: computeSpec(2).statePath, sbConnection: ovnSbRemote });
    assert.equal(value(files['ovn_metadata_agent.ini'], 'ovn', 'ovn_sb_connection'), 'tcp:10.99.0.1:6642');
    assert.equal(value(files['ovn_metadata_agent.ini'], 'ovs', 'ovsdb_connection'), 'unix:/run/openvswitch/db.sock');
    assert.equal(value(files['neutron.conf'], 'DEFAULT', 'host'), 'compute2');
    assert.equal(value(neutronConfigs('ovn', 'vm')['ovn_metadata_agent.ini'], 'ovn', 'ovn_sb_connection'), 'unix:/run/ovn/ovnsb_db.sock');
  });
});

describe('Neutron lab os-vif names', () => {
  const port = '35c20053-8e11-4439-a2f1-9d0c6a8fd4cb';
  it('hybrid: tap, qbr, qvb, qvo from the port id’s first 11 characters', () => {
    assert.deepEqual(plugNames(port, 'ovs-hybrid'), {
      tap: 'tap35c20053-8e', qbr: 'qbr35c20053-8e', qvb: 'qvb35c20053-8e', qvo: 'qvo35c20053-8e', guestNamespace: 'vm-35c20053', guestDevice: 'eth0',
    });
  });
  it('native firewall and OVN: the tap alone', () => {
    for (const b of ['ovs-native', 'ovn'] as const) {
      const n = plugNames(port, b);
      assert.deepEqual([n.tap, n.qbr, n.qvb, n.qvo], ['tap35c20053-8e', null, null, null], b);
    }
  });
});

describe('test:neutron back-end selection', () => {
  const saved = process.env.NEUTRON_BACKENDS;
  afterEach(() => {
    if (saved === undefined) delete process.env.NEUTRON_BACKENDS;
    else process.env.NEUTRON_BACKENDS = saved;
  });
  it('all three, hybrid first, by default; a list narrows it; an unknown name is an error', () => {
    delete process.env.NEUTRON_BACKENDS;
    assert.deepEqual(wantedBackends(backends), ['ovs-hybrid', 'ovs-native', 'ovn']);
    process.env.NEUTRON_BACKENDS = 'ovn, ovs-native';
    assert.deepEqual(wantedBackends(backends), ['ovn', 'ovs-native']);
    process.env.NEUTRON_BACKENDS = 'linuxbridge';
    assert.throws(() => wantedBackends(backends), /unknown back end linuxbridge/);
  });
});
