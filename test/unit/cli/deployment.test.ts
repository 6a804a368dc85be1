// `devstack-net deployment`: the report over real captures (pure), and the real CLI entry point over two
// snapshot files saved from the real Neutron 21 labs (single-node each: no tunnel between them).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploymentReport, formatDeployment } from '../../../src/cli/deployment';
import { collectCapture } from '../../../src/core/snapshot-file/record';
import { createSnapshotFile, serialiseSnapshot } from '../../../src/core/snapshot-file/save';
import { SnapshotReplayRunner } from '../../../src/core/snapshot/replay';
import { labBrTun, labHost, showHost } from '../deployment/fixtures';

const NEUTRON = join(__dirname, '..', '..', 'fixtures', 'neutron');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli deployment', function () {
  this.timeout(60_000);

  it('reports tunnels (resolved or why not), suggestions and networks in words', () => {
    const r = deploymentReport([
      { alias: 'network', topology: showHost('network', 'ovs-vsctl-show-3.txt'), brTun: null },
      { alias: 'compute', topology: showHost('compute', 'ovs-vsctl-show-2.txt'), brTun: null },
      { alias: 'gre', topology: showHost('gre', 'ovs-vsctl-show-8.txt'), brTun: null },
    ]);
    assert.deepEqual(r.tunnels.map((t) => [t.host, t.port, t.to, t.otherEnd]), [
      ['network', 'vxlan-0a006458', 'compute', 'vxlan-0a00644d'],
      ['compute', 'vxlan-0a00644d', 'network', 'vxlan-0a006458'],
      ['gre', 'gre-ac122a16', null, null],
      ['gre', 'gre-ac122a17', null, null],
    ]);
    const text = formatDeployment(r);
    assert.ok(text.includes("  network vxlan-0a006458 (vxlan) → 10.0.100.88: compute vxlan-0a00644d — remote_ip 10.0.100.88 is compute's local_ip of vxlan-0a00644d on br-tun\n"), text);
    assert.ok(text.includes('  gre gre-ac122a16 (gre) → 172.18.42.22: unresolved: no configured host has 172.18.42.22\n'), text);
    assert.ok(text.includes('Suggested deployments:\n  network + compute\n'), text);
  });

  it('shows each host\'s local VLAN and the tunnel id of a network across hosts (derived pair, README)', () => {
    const text = formatDeployment(deploymentReport([
      { alias: 'controller', topology: labHost('ovs-hybrid', 'controller'), brTun: labBrTun('ovs-hybrid') },
      { alias: 'compute1', topology: labHost('ovs-native', 'compute1', true), brTun: labBrTun('ovs-native', true) },
    ]));
    assert.ok(text.includes('  3a7f864e-6a47-4543-9b79-c6825dca639d (vxlan, tunnel id 848 = 0x350)\n    controller: local VLAN 1, ports qr-1a2559f9-df, qvobe9b032f-94, tap584fbf50-8d\n    compute1: local VLAN 2, ports qr-d7d50538-17, tap28e2cbfb-17, tape759798f-70\n'), text);
  });

  it('reads saved snapshot files through the real entry point (--json)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsn-deployment-'));
    try {
      const files: string[] = [];
      for (const [name, file] of [['hybrid', 'ovs-hybrid/snapshot-fidelity.txt'], ['native', 'ovs-native/snapshot-raw.txt']] as const) {
        const capture = await collectCapture(new SnapshotReplayRunner(readFileSync(join(NEUTRON, file), 'utf8'), name), { sudo: true });
        const saved = createSnapshotFile({ alias: name, target: name, sudo: true, productVersion: '0.1.1', raw: capture.raw, topology: capture.topology, reads: [] });
        const path = join(dir, `${name}.devstack-net.json`);
        writeFileSync(path, serialiseSnapshot(saved));
        files.push(path);
      }
      const r = cli(['deployment', ...files, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout);
      assert.deepEqual(report.hosts.map((h: { alias: string; brTunFlows: null }) => [h.alias, h.brTunFlows]), [['hybrid', null], ['native', null]]);
      assert.deepEqual([report.tunnels, report.suggestions], [[], []], 'single-node labs: no tunnel ports, nothing to suggest');
      // The hybrid snapshot has the agent's Port other_config; the older native one has not.
      const rows = report.networks.map((n: { hosts: { alias: string; localVlan: number; gaps: string[] }[] }) => n.hosts.map((h) => [h.alias, h.localVlan, h.gaps]));
      assert.deepEqual(rows.flat().sort(), [['hybrid', 1, ['br-tun flows not read: the tunnel id ↔ local VLAN mapping is not shown']], ['hybrid', 2, ['br-tun flows not read: the tunnel id ↔ local VLAN mapping is not shown']]]);
      assert.equal(cli(['deployment', files[0]!]).code, 2, 'one host is a usage error');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
