// Issue 9, part 1: names from the host are data. A namespace and devices whose
// names are shell code are listed and queried, and nothing ever runs.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { run } from '../../src/core/command';
import * as q from '../../src/core/commands/queries';
import { terminalCommand } from '../../src/core/commands/terminal';
import type { Topology } from '../../src/core/model/types';
import { collectNamespaceIptables, collectTopology } from '../../src/core/snapshot/index';
import { addHostileNames, hostileMarkerPaths, removeHostileNames, type HostileNames } from '../lab/control';
import { labPool, type LabPool } from './lab-pool';

describe('hostile names are data', function () {
  let names: HostileNames;
  let lab: LabPool;
  let topology: Topology;

  const noMarkers = (): void => assert.deepEqual(hostileMarkerPaths().filter((p) => existsSync(p)), [], 'a hostile name ran as shell code');

  before(async () => {
    noMarkers();
    names = addHostileNames();
    lab = labPool();
    topology = await collectTopology(lab.pool.runner(lab.host), { sudo: true });
  });

  after(() => {
    lab?.pool.dispose();
    removeHostileNames();
  });

  afterEach(noMarkers);

  it('a snapshot shows the namespace and every device verbatim, in the right namespace', () => {
    assert.ok(topology.namespaces.some((ns) => ns.name === names.namespace), 'hostile namespace listed');
    for (const device of names.devices) {
      assert.ok(
        topology.devices.some((d) => d.name === device.name && d.namespace === device.namespace),
        `device ${JSON.stringify(device.name)} in ${JSON.stringify(device.namespace)}`,
      );
    }
    const brInt = topology.ovs.bridges.find((b) => b.name === 'br-int');
    assert.ok(brInt?.ports.some((p) => p.name === names.ovsPorts[0].name), 'hostile OVS port listed on br-int');
    const veth = topology.devices.find((d) => d.name === "v$(id>P)");
    assert.deepEqual(veth?.peer, { namespace: names.namespace, name: "x';id;'" }, 'veth peer resolved across into the hostile namespace');
  });

  it('every ready-made query runs inside the hostile namespace and sees its device', async () => {
    const runner = lab.pool.runner(lab.host);
    const target = { namespace: names.namespace, sudo: true };
    const outputs = new Map<string, string>();
    for (const spec of [q.ipAddrQuery(target), q.ipRouteQuery(target), q.ipRuleQuery(target), q.ipNeighQuery(target), q.socketsQuery(target), q.iptablesSaveQuery(target), q.iptablesNatQuery(target), q.bridgeLinkQuery(target), q.pingQuery(target, '10.255.255.1', { count: 1, waitSeconds: 1 })]) {
      outputs.set(spec.label ?? spec.argv.join(' '), await run(runner, spec));
    }
    assert.match(outputs.get('ip addr') ?? '', /x';id;'@/);
    assert.match(outputs.get('ip route') ?? '', /10\.255\.255\.0\/30 dev x';id;'/);
    assert.match(outputs.get('iptables -t nat -S') ?? '', /^-P PREROUTING ACCEPT$/m);
    assert.equal(outputs.size, 9, 'every query ran');
    const iptables = await collectNamespaceIptables(runner, names.namespace, { sudo: true });
    assert.ok(Array.isArray(iptables.tables), 'the inspector reads the namespace tables');
  });

  it('bridge queries list the hostile port by name', async () => {
    const out = await run(lab.pool.runner(lab.host), q.ovsListPortsQuery('br-int', true));
    assert.ok(out.split('\n').includes(names.ovsPorts[0].name), out);
  });

  it('the copyable command, pasted into a real shell, runs in the hostile namespace', () => {
    const line = q.displayCommand(q.ipAddrQuery({ namespace: names.namespace, sudo: true }));
    const out = execFileSync('sh', ['-c', line], { encoding: 'utf8', cwd: '/tmp' });
    assert.match(out, /x';id;'@/);
  });

  it('a terminal in the hostile namespace opens there', async () => {
    const shell = await lab.pool.openShell(lab.host, terminalCommand(names.namespace, true), { rows: 24, cols: 200 });
    let output = '';
    shell.onData((d) => (output += d));
    const exited = new Promise<number | null>((resolve) => shell.onExit(resolve));
    shell.write('ip -o link show; exit\n');
    assert.equal(await exited, 0);
    assert.match(output, /x';id;'@/);
  });
});
