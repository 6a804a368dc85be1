// Where the lab keeps its files. Root-owned state lives under /run (gone on reboot,
// like the namespaces and daemons it describes); the files tests read live in .lab/.
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const labDir = path.join(repoRoot, '.lab');
export const runDir = '/run/devstack-lab';

export const paths = {
  ledger: path.join(runDir, 'ledger.jsonl'),
  ovsDir: path.join(runDir, 'ovs'),
  // The default OVS run dir, so `sudo ovs-vsctl show` over SSH finds the daemons.
  ovsRunDir: '/run/openvswitch',
  sshdDir: path.join(runDir, 'sshd'),
  sshdConfig: path.join(runDir, 'sshd', 'sshd_config'),
  sshdLog: path.join(runDir, 'sshd', 'sshd.log'),
  sshdPid: path.join(runDir, 'sshd', 'sshd.pid'),
  sshdPrivsep: '/run/sshd',
  sudoers: '/etc/sudoers.d/devstack-lab',
  stackHome: '/opt/stack',
  dhcpStateDir: '/opt/stack/data/neutron/dhcp',
  hostKey: path.join(labDir, 'ssh_host_ed25519_key'),
  swapHostKey: path.join(labDir, 'ssh_host_ed25519_key.swap'),
  identity: path.join(labDir, 'id_ed25519'),
  sshConfig: path.join(labDir, 'ssh_config'),
  knownHosts: path.join(labDir, 'known_hosts'),
  manifest: path.join(labDir, 'manifest.json'),
};

/** Marks persistent objects (users, sudoers) as the lab's, so down finds them even without a ledger. */
export const labMarker = 'devstack-lab';
