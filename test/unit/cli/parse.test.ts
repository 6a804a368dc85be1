// `devstack-net parse <kind>`: the documented JSON shapes, on real captures and lab fixtures.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PARSE_KINDS } from '../../../src/cli/parse-kinds';
import { loadCapture } from '../helpers/captures';

const LAB = join(__dirname, '..', '..', 'fixtures', 'lab');
const lab = (f: string) => readFileSync(join(LAB, f), 'utf8');
const parse = (kind: string, text: string, namespace: string | null = null) =>
  JSON.parse(JSON.stringify(PARSE_KINDS[kind](text, { namespace }))) as any;
const keys = (o: object) => Object.keys(o).sort();

/** Runs the real CLI entry point (tsx), like a user would. */
function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli parse kinds', () => {
  it('iptables → {tables:[{name, chains:[{name, policy, rules:[{target, comment, raw, …}]}]}]}', () => {
    const out = parse('iptables', lab('iptables-save-root.txt'));
    assert.deepEqual(keys(out), ['tables']);
    const filter = out.tables.find((t: any) => t.name === 'filter');
    assert.deepEqual(keys(filter), ['chains', 'name']);
    const chain = filter.chains.find((c: any) => c.name === 'INPUT');
    assert.deepEqual(keys(chain), ['name', 'policy', 'rules']);
    const rule = filter.chains.flatMap((c: any) => c.rules).find((r: any) => r.comment !== null);
    assert.ok(rule && 'target' in rule && 'raw' in rule);
  });

  it('iptables without a *table header counts as filter (iptables -S)', () => {
    const out = parse('iptables', loadCapture('iptables-filter-7.txt'));
    assert.deepEqual(out.tables.map((t: any) => t.name), ['filter']);
  });

  it('floating-ips → [{floating, fixed}]', () => {
    assert.deepEqual(parse('floating-ips', loadCapture('iptables-nat-7.txt')), [{ floating: '172.24.4.228', fixed: '10.1.0.2' }]);
    assert.deepEqual(parse('floating-ips', lab('iptables-nat-S-qrouter.txt')), [{ floating: '172.24.4.11', fixed: '10.0.0.3' }]);
  });

  it('ip-addr (text) and ip-json → the same device shape, with role and peer text', () => {
    const text = parse('ip-addr', loadCapture('ip-addr-12.txt'), 'qrouter-b6206312');
    const ha = text.find((d: any) => d.name.startsWith('ha-'));
    assert.deepEqual(keys(ha), ['addresses', 'index', 'linkNetnsId', 'mac', 'mtu', 'name', 'peer', 'role', 'state']);
    assert.equal(ha.role, 'ha-port');
    assert.match(ha.peer, /^if\d+$/);
    assert.equal(ha.linkNetnsId, 0);
    assert.deepEqual(keys(ha.addresses[0]), ['address', 'family', 'prefixLength']);

    const fromText = parse('ip-addr', lab('ip-addr-qdhcp.txt'), 'qdhcp-x');
    const fromJson = parse('ip-json', lab('ip-j-d-addr-qdhcp.json'), 'qdhcp-x');
    assert.deepEqual(fromJson.map((d: any) => [d.name, d.role, d.mac, d.mtu]), fromText.map((d: any) => [d.name, d.role, d.mac, d.mtu]));
    assert.ok(fromJson.some((d: any) => d.role === 'dhcp-port'));
  });

  it('netns → [{name, id, kind, uuid}]', () => {
    assert.deepEqual(parse('netns', loadCapture('ip-netns-6.txt'))[0], {
      name: 'qrouter-f84d21b1-c643-445a-87fb-b908b437f459',
      id: 2,
      kind: 'qrouter',
      uuid: 'f84d21b1-c643-445a-87fb-b908b437f459',
    });
    assert.deepEqual(parse('netns', loadCapture('ip-netns-9.txt')).map((n: any) => n.id), [null, null]);
  });

  it('ovs-show and ovs-json → {ovsVersion, bridges:[{name, ports:[{name, tag, interfaces:[{name, type, options}]}]}]}', () => {
    const show = parse('ovs-show', lab('ovs-vsctl-show.txt'));
    assert.deepEqual(keys(show), ['bridges', 'ovsVersion']);
    const json = parse('ovs-json', lab('ovs-vsctl-list-bridge.json') + lab('ovs-vsctl-list-port.json') + lab('ovs-vsctl-list-interface.json'));
    assert.deepEqual(keys(json.bridges[0]), ['name', 'ports']);
    assert.deepEqual(keys(json.bridges[0].ports[0]), ['interfaces', 'name', 'tag']);
    assert.deepEqual(keys(json.bridges[0].ports[0].interfaces[0]), ['name', 'options', 'type']);
    const names = (s: any) => s.bridges.map((b: any) => [b.name, b.ports.map((p: any) => p.name).sort()]).sort();
    assert.deepEqual(names(json), names(show));
    assert.throws(() => PARSE_KINDS['ovs-json'](lab('ovs-vsctl-list-bridge.json'), { namespace: null }), /missing port, iface/);
  });

  it('dnsmasq → [{pid, interface, networkId}]', () => {
    assert.deepEqual(keys(parse('dnsmasq', loadCapture('ps-dnsmasq-3.txt'))[0]), ['interface', 'networkId', 'pid']);
    assert.equal(parse('dnsmasq', lab('ps-fe-dnsmasq.txt'))[0].interface, 'tapb49b5725-3a');
  });

  it('ip-route (text or JSON) → [{destination, gateway, device, source}]; ip-rule → [{priority, selector, table}]', () => {
    const text = parse('ip-route', lab('ip-route-qrouter.txt'));
    const json = parse('ip-route', lab('ip-j-route-qrouter.json'));
    assert.deepEqual(keys(text[0]), ['destination', 'device', 'gateway', 'source']);
    assert.deepEqual(json, text);
    assert.deepEqual(parse('ip-rule', loadCapture('ip-route-rule-15.txt'))[0], { priority: 0, selector: 'from all', table: 'local' });
  });
});

describe('cli process', function () {
  this.timeout(120_000); // each run starts node + tsx; generous so a loaded machine does not fail it

  it('parse reads a FILE or stdin and prints JSON', () => {
    const file = join(LAB, 'ip-netns-list.txt');
    const fromFile = cli(['parse', 'netns', file]);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    const fromStdin = cli(['parse', 'netns', '-'], loadCapture('ip-netns-3.txt'));
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    assert.deepEqual(JSON.parse(fromStdin.stdout).map((n: any) => n.kind), ['snat', 'qrouter', 'qdhcp']);
    assert.deepEqual(JSON.parse(fromFile.stdout), parse('netns', lab('ip-netns-list.txt')));
  });

  it('errors exit non-zero with one clear line on stderr', () => {
    const garbage = cli(['parse', 'ip-rule', '-'], 'this is not ip rule output\n');
    assert.equal(garbage.code, 1);
    assert.equal(garbage.stdout, '');
    assert.match(garbage.stderr, /^devstack-net: ip rule, line 1: .+\n$/);
    const kind = cli(['parse', 'nope']);
    assert.equal(kind.code, 2);
    assert.match(kind.stderr, /^devstack-net: unknown kind "nope"; one of: iptables, .*\n$/);
    const missing = cli(['parse', 'netns', '/nonexistent/file']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim().split('\n').length, 1);
    const flag = cli(['snapshot', 'h', '--bogus']);
    assert.equal(flag.code, 2);
    assert.equal(flag.stderr.trim().split('\n').length, 1);
  });

  it('--help lists the commands and kinds', () => {
    const help = cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /devstack-net snapshot <host>/);
    for (const kind of Object.keys(PARSE_KINDS)) assert.ok(help.stdout.includes(kind), kind);
  });
});
