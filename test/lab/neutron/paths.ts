// Where the Neutron lab keeps its state: its own run dir and ledger (see ledger.ts), logs of
// every daemon under logs/, MariaDB and RabbitMQ data, the configuration files.
import * as path from 'node:path';

export type Backend = 'ovs-hybrid' | 'ovs-native' | 'ovn';
export const backends: readonly Backend[] = ['ovs-hybrid', 'ovs-native', 'ovn'];

export const neutronDir = '/run/devstack-neutron-lab';

export const npaths = {
  dir: neutronDir,
  ledger: path.join(neutronDir, 'ledger.jsonl'),
  etc: path.join(neutronDir, 'etc'),
  logs: path.join(neutronDir, 'logs'),
  lock: path.join(neutronDir, 'lock'),
  mysqlDir: path.join(neutronDir, 'mysql'),
  mysqlSock: path.join(neutronDir, 'mysql', 'mysqld.sock'),
  rabbitDir: path.join(neutronDir, 'rabbitmq'),
  ovnDir: path.join(neutronDir, 'ovn'),
  // the default OVN run dir, so `ovn-nbctl show` over SSH finds the databases
  ovnRunDir: '/run/ovn',
  // DevStack's state_path
  statePath: '/opt/stack/data/neutron',
  guestScript: path.join(__dirname, 'guest.py'),
};

export const api = { host: '127.0.0.1', port: 9696 };
export const rabbit = { port: 5673, epmdPort: 4370, node: 'devstack-lab@localhost' };
