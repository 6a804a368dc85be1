// The lab is a real DevStack-shaped node: every object in the manifest exists, seen over plain ssh + sudo -n.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { requireLab, type Manifest } from '../lab/control';
import { sshArgv, sshMany } from '../lab/plain-ssh';
import * as path from 'node:path';

const labScript = path.join(__dirname, '..', 'lab', 'lab.sh');

interface IpLink { ifname: string; master?: string; linkinfo?: { info_kind?: string } }
interface IpAddr { ifname: string; addr_info: { local: string; prefixlen: number }[] }
interface IpRoute { dst: string; gateway?: string; dev: string }

const groupBy = <T, K>(items: readonly T[], key: (t: T) => K) => {
  const map = new Map<K, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
};

describe('lab (over ssh -F .lab/ssh_config devstack-lab, sudo -n)', function () {
  this.timeout(180_000);
  let lab: Manifest;
  const alias = () => lab.host.alias;

  before(() => {
    lab = requireLab();
  });

  it('logs in as stack, whose sudo needs no password', async () => {
    const res = await sshArgv(alias(), ['sh', '-c', 'id -un; sudo -n id -un']);
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(res.stdout.trim().split('\n'), ['stack', 'root']);
  });

  it('makes stack-nopw type a password for sudo (sudo -n fails)', async () => {
    const res = await sshArgv(lab.host.alias_nopw, ['sudo', '-n', 'true']);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /a password is required/);
    const who = await sshArgv(lab.host.alias_nopw, ['id', '-un']);
    assert.equal(who.stdout.trim(), 'stack-nopw');
  });

  it('has every namespace of the manifest', async () => {
    const [list] = await sshMany(alias(), [['sudo', '-n', 'ip', 'netns', 'list']]);
    const live = new Set(list.split('\n').map((l) => l.replace(/ \(id: \d+\)$/, '')).filter(Boolean));
    assert.ok(lab.namespaces.length >= 2);
    for (const ns of lab.namespaces) assert.ok(live.has(ns), `namespace ${ns} missing`);
  });

  it('has every device in its namespace, and the instance plumbing tap/qvb -> qbr', async () => {
    const byNs = groupBy(lab.devices, (d) => d.namespace);
    const namespaces = [...byNs.keys()];
    const dumps = await sshMany(
      alias(),
      namespaces.map((ns) => (ns === null ? ['sudo', '-n', 'ip', '-j', '-d', 'link', 'show'] : ['sudo', '-n', 'ip', '-n', ns, '-j', '-d', 'link', 'show'])),
    );
    namespaces.forEach((ns, i) => {
      const links = new Map((JSON.parse(dumps[i]) as IpLink[]).map((l) => [l.ifname, l]));
      for (const d of byNs.get(ns)!) assert.ok(links.has(d.name), `device ${d.name} missing in ${ns ?? 'root namespace'}`);
      if (ns !== null) return;
      for (const p of lab.instancePorts) {
        assert.equal(links.get(p.qbr)?.linkinfo?.info_kind, 'bridge', `${p.qbr} is not a Linux bridge`);
        assert.equal(links.get(p.qvb)?.master, p.qbr, `${p.qvb} not in ${p.qbr}`);
        assert.equal(links.get(p.tap)?.master, p.qbr, `${p.tap} not in ${p.qbr}`);
        assert.equal(links.get(p.qvo)?.linkinfo?.info_kind, 'veth');
      }
    });
    for (const b of lab.linuxBridges) assert.ok(byNs.get(null)!.some((d) => d.name === b && d.kind === 'bridge'));
  });

  it('has the OVS bridges and ports, with tags and Neutron external_ids', async () => {
    const [bridges, ports, ifaces] = await sshMany(alias(), [
      ['sudo', '-n', 'ovs-vsctl', 'list-br'],
      ['sudo', '-n', 'ovs-vsctl', '--format=json', '--columns=name,tag', 'list', 'Port'],
      ['sudo', '-n', 'ovs-vsctl', '--format=json', '--columns=name,type,external_ids,options', 'list', 'Interface'],
    ]);
    assert.deepEqual(bridges.trim().split('\n').sort(), [...lab.ovsBridges].sort());
    const tagOf = new Map((JSON.parse(ports).data as [string, number | unknown][]).map(([name, tag]) => [name, typeof tag === 'number' ? tag : null]));
    for (const p of lab.ovsPorts) {
      assert.ok(tagOf.has(p.name), `OVS port ${p.name} missing`);
      assert.equal(tagOf.get(p.name), p.tag, `tag of ${p.name}`);
    }
    const rows = JSON.parse(ifaces).data as [string, string, ['map', [string, string][]], ['map', [string, string][]]][];
    const iface = new Map(rows.map(([name, type, ids, options]) => [name, { type, ids: new Map(ids[1]), options: new Map(options[1]) }]));
    assert.equal(iface.get('patch-tun')?.options.get('peer'), 'patch-int');
    assert.equal(iface.get('patch-int')?.options.get('peer'), 'patch-tun');
    for (const p of lab.instancePorts) {
      const ids = iface.get(p.qvo)?.ids;
      assert.equal(ids?.get('iface-id'), p.portId);
      assert.equal(ids?.get('attached-mac'), p.mac);
      assert.equal(ids?.get('iface-status'), 'active');
    }
    for (const r of lab.routers) assert.equal(iface.get(r.qg.name)?.type, 'internal');
  });

  it('has every iptables chain in its table and namespace', async () => {
    const byNs = groupBy(lab.chains, (c) => c.namespace);
    const namespaces = [...byNs.keys()];
    const dumps = await sshMany(
      alias(),
      namespaces.map((ns) => (ns === null ? ['sudo', '-n', 'iptables-save'] : ['sudo', '-n', 'ip', 'netns', 'exec', ns, 'iptables-save'])),
    );
    namespaces.forEach((ns, i) => {
      const present = new Set<string>();
      let table = '';
      for (const line of dumps[i].split('\n')) {
        if (line.startsWith('*')) table = line.slice(1);
        const decl = /^:(\S+) /.exec(line);
        if (decl) present.add(`${table}/${decl[1]}`);
      }
      for (const c of byNs.get(ns)!) assert.ok(present.has(`${c.table}/${c.name}`), `chain ${c.table}/${c.name} missing in ${ns ?? 'root'}`);
    });
  });

  it('has the security group rules with modern Neutron comments, and the L3 agent nat rules', async () => {
    const port = lab.instancePorts[0];
    const router = lab.routers[0];
    const fip = lab.floatingIps[0];
    const [inbound, nat] = await sshMany(alias(), [
      ['sudo', '-n', 'iptables', '-S', port.sgChains.inbound],
      ['sudo', '-n', 'ip', 'netns', 'exec', router.namespace, 'iptables', '-t', 'nat', '-S'],
    ]);
    assert.match(inbound, /--state INVALID -m comment --comment "Drop packets that appear related/);
    assert.match(inbound, /-p tcp -m tcp --dport 22 -j RETURN/);
    assert.match(inbound, /-p icmp -j RETURN/);
    assert.match(nat, /-A neutron-l3-agent-PREROUTING -d 169\.254\.169\.254\/32 -i qr-\+ -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 9697/);
    assert.ok(nat.includes(`-A neutron-l3-agent-PREROUTING -d ${fip.floating}/32 -j DNAT --to-destination ${fip.fixed}`));
    assert.ok(nat.includes(`-A neutron-l3-agent-float-snat -s ${fip.fixed}/32 -j SNAT --to-source ${fip.floating}`));
  });

  it('puts each floating IP as a /32 on its router qg- device, with the default route via 172.24.4.1', async () => {
    const routers = lab.routers.filter((r) => lab.floatingIps.some((f) => f.router === r.id)).slice(0, 20);
    const dumps = await sshMany(alias(), routers.flatMap((r) => [
      ['sudo', '-n', 'ip', '-n', r.namespace, '-j', 'addr', 'show', 'dev', r.qg.name],
      ['sudo', '-n', 'ip', '-n', r.namespace, '-j', 'route', 'show'],
    ]));
    routers.forEach((r, i) => {
      const addrs = (JSON.parse(dumps[2 * i]) as IpAddr[])[0].addr_info.map((a) => `${a.local}/${a.prefixlen}`);
      for (const f of lab.floatingIps.filter((x) => x.router === r.id)) assert.ok(addrs.includes(`${f.floating}/32`), `${f.floating} not on ${r.qg.name}`);
      const routes = JSON.parse(dumps[2 * i + 1]) as IpRoute[];
      assert.ok(routes.some((rt) => rt.dst === 'default' && rt.gateway === '172.24.4.1' && rt.dev === r.qg.name));
    });
    const [brEx] = await sshMany(alias(), [['ip', '-j', 'addr', 'show', 'dev', 'br-ex']]);
    assert.ok((JSON.parse(brEx) as IpAddr[])[0].addr_info.some((a) => a.local === '172.24.4.1' && a.prefixlen === 24));
  });

  it('runs dnsmasq inside each qdhcp namespace with the DHCP agent arguments', async () => {
    const dumps = await sshMany(alias(), lab.dhcp.flatMap((d) => [
      ['sudo', '-n', 'ip', 'netns', 'pids', d.namespace],
      ['ps', '-o', 'args=', '-p', String(d.pid)],
    ]));
    const interfaceFiles = await sshMany(alias(), lab.dhcp.map((d) => ['sudo', '-n', 'cat', `/opt/stack/data/neutron/dhcp/${d.networkId}/interface`]));
    lab.dhcp.forEach((d, i) => {
      assert.ok(dumps[2 * i].split('\n').includes(String(d.pid)), `dnsmasq ${d.pid} not in ${d.namespace}`);
      const args = dumps[2 * i + 1];
      assert.match(args, /^dnsmasq /);
      // Neutron 21: --local-service --bind-dynamic, no --interface; the agent's interface file names the tap
      assert.ok(args.includes('--local-service --bind-dynamic'), args);
      assert.ok(!args.includes('--interface='), args);
      assert.equal(interfaceFiles[i].trim(), d.interface);
      assert.ok(args.includes(`--dhcp-hostsfile=/opt/stack/data/neutron/dhcp/${d.networkId}/host`));
      assert.match(args, /--dhcp-range=set:subnet-[0-9a-f-]{36},10\.\d+\.\d+\.\d+,static,/);
    });
  });

  it('pins the host key in .lab/known_hosts', () => {
    const line = fs.readFileSync(lab.knownHosts, 'utf8').trim();
    assert.match(line, new RegExp(`^\\[127\\.0\\.0\\.1\\]:${lab.host.port} ssh-ed25519 `));
    const scanned = execFileSync('ssh-keyscan', ['-t', 'ed25519', '-p', String(lab.host.port), '127.0.0.1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    assert.equal(scanned.trim().split(' ').slice(1).join(' '), line.split(' ').slice(1).join(' '));
  });
});

describe('lab:down (also after a half-finished lab:up) leaves nothing behind', function () {
  this.timeout(600_000);
  let options: Manifest['options'];
  const lab = (...args: string[]) => spawnSync('bash', [labScript, ...args], { encoding: 'utf8', env: { ...process.env, LAB_FAIL_AFTER: '' } });
  const knobs = () => ['--routers', '--networks', '--instances', '--floating', '--port'].flatMap((flag) => [flag, String(options[flag.slice(2) as keyof typeof options])]);

  before(() => {
    options = requireLab().options;
  });

  after(() => {
    // give the lab back the way we found it, even when a test failed
    const res = lab('up', ...knobs());
    assert.equal(res.status, 0, res.stderr);
  });

  it('verify-clean fails while the lab is up, and passes after down', () => {
    const upNow = lab('verify-clean');
    assert.notEqual(upNow.status, 0);
    assert.match(upNow.stderr, /NOT clean/);
    const down = lab('down');
    assert.equal(down.status, 0, down.stderr);
    const clean = lab('verify-clean');
    assert.equal(clean.status, 0, clean.stderr);
    assert.throws(() => requireLab(), /npm run lab:up/);
  });

  it('down removes a lab whose up stopped half-way', () => {
    const half = spawnSync('bash', [labScript, 'up', ...knobs()], {
      encoding: 'utf8',
      env: { ...process.env, LAB_FAIL_AFTER: 'move ports into namespaces' },
    });
    assert.notEqual(half.status, 0);
    assert.match(half.stderr, /LAB_FAIL_AFTER/);
    const dirty = lab('verify-clean');
    assert.notEqual(dirty.status, 0, 'a half-built lab should not look clean');
    assert.match(dirty.stderr, /namespace qrouter-/);
    const down = lab('down');
    assert.equal(down.status, 0, down.stderr + down.stdout);
    const clean = lab('verify-clean');
    assert.equal(clean.status, 0, clean.stderr);
  });
});
