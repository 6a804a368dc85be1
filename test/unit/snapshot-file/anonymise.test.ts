import { strict as assert } from 'node:assert';
import { isIPv4 } from 'node:net';
import type { Topology } from '../../../src/core/model/types';
import { Anonymiser, anonymiseSnapshot } from '../../../src/core/snapshot-file/anonymise';
import { openSnapshotText } from '../../../src/core/snapshot-file/load';
import { serialiseSnapshot } from '../../../src/core/snapshot-file/save';
import { savedFile } from './saved';

/** Every address the topology shows (devices, routes, floating IPs, OVS MACs). */
function addressesOf(t: Topology): Set<string> {
  const out = new Set<string>();
  for (const d of t.devices) {
    if (d.mac) out.add(d.mac);
    for (const a of d.addresses) out.add(a.address);
  }
  for (const f of t.floatingIps) [f.floating, f.fixed].forEach((a) => out.add(a));
  for (const ns of t.namespaces) for (const r of ns.routes) if (r.gateway) out.add(r.gateway);
  return out;
}

const kept = (a: string) => /^(127\.|169\.254\.|0\.0\.0\.0|::1?$|fe80::)/.test(a) || a === '00:00:00:00:00:00' || /^ff:ff/.test(a);

describe('snapshot-file: anonymise', () => {
  it('leaves no original address or hostname anywhere in the file, and the parsers still parse it', async () => {
    const plain = await savedFile();
    const before = openSnapshotText(serialiseSnapshot(plain), 'plain').topology;
    const anon = anonymiseSnapshot(plain, new Anonymiser(Buffer.alloc(32, 7)));
    const text = serialiseSnapshot(anon);
    const after = openSnapshotText(text, 'anon').topology;

    const secrets = [...addressesOf(before)].filter((a) => !kept(a));
    assert.ok(secrets.length > 20, `only ${secrets.length} addresses to hide`);
    for (const a of secrets) {
      const pattern = new RegExp(`(?<![\\w.:])${a.replace(/[.]/g, '\\.')}(?![\\w:]|\\.\\d)`, 'i');
      assert.ok(!pattern.test(text), `${a} is still in the anonymised file`);
    }
    assert.ok(!/(?<![\w-])vm(?![\w-])/.test(text), 'hostname "vm" left');
    assert.ok(!text.includes('devstack-lab'), 'alias/target left');
    assert.equal(anon.meta.anonymised, true);
    assert.equal(after.host.hostname, anon.meta.hostname);

    // Same shape: every device, namespace, chain, rule, port and floating IP is still there.
    assert.equal(after.errors.length, before.errors.length, JSON.stringify(after.errors));
    assert.deepEqual(after.devices.map((d) => d.key), before.devices.map((d) => d.key));
    assert.deepEqual(after.devices.map((d) => d.role), before.devices.map((d) => d.role));
    assert.deepEqual(after.ports.map((p) => p.prefix), before.ports.map((p) => p.prefix));
    assert.equal(after.floatingIps.length, before.floatingIps.length);
    assert.deepEqual(after.iptables?.tables.map((t) => t.chains.length), before.iptables?.tables.map((t) => t.chains.length));
    // The saved read is anonymised too and still parses.
    assert.match(anon.reads[0]!.stdout, /\*nat/);
    for (const a of secrets.filter(isIPv4)) assert.ok(!anon.reads[0]!.stdout.includes(`${a}/`) && !anon.reads[0]!.stdout.includes(`${a} `));
  });

  it('replaces consistently and keeps CIDR shape: same prefix stays same prefix, last octet kept', async () => {
    const a = new Anonymiser(Buffer.alloc(32, 1));
    const [net, gw, host, other] = ['10.0.0.0', '10.0.0.1', '10.0.0.3', '10.0.1.3'].map((x) => a.ipv4(x));
    assert.equal(a.ipv4('10.0.0.3'), host);
    assert.equal(net!.replace(/\.\d+$/, ''), gw!.replace(/\.\d+$/, ''));
    assert.match(net!, /\.0$/);
    assert.match(gw!, /\.1$/);
    assert.notEqual(host!.replace(/\.\d+$/, ''), '10.0.0');
    assert.equal(other!.split('.').slice(0, 2).join('.'), host!.split('.').slice(0, 2).join('.'), 'the /16 is shared');
    assert.equal(a.text('-d 10.0.0.3/32 -j DNAT --to-destination 10.0.0.3'), `-d ${host}/32 -j DNAT --to-destination ${host}`);
    for (const special of ['127.0.0.1', '169.254.169.254', '0.0.0.0', '255.255.255.255', '224.0.0.1']) assert.equal(a.ipv4(special), special);
    // never into a special range
    for (let o = 1; o < 224; o++) if (o !== 127 && o !== 169) assert.doesNotMatch(a.ipv4(`${o}.1.2.3`), /^(0|127|169|22[4-9]|2[3-5]\d)\./);
  });

  it('MACs keep their vendor prefix and case; an EUI-64 address follows its MAC; IPv6 prefixes are preserved', () => {
    const a = new Anonymiser(Buffer.alloc(32, 2));
    const mac = a.mac('fa:16:3e:12:34:56');
    assert.match(mac, /^fa:16:3e:/);
    assert.notEqual(mac, 'fa:16:3e:12:34:56');
    assert.equal(a.mac('FA:16:3E:12:34:56'), mac.toUpperCase());
    const eui = a.ipv6('fe80::f816:3eff:fe12:3456');
    const m = mac.split(':');
    assert.equal(eui, `fe80::f816:3eff:fe${m[3]}:${m[4]}${m[5]}`.replace(/:0+([0-9a-f])/g, ':$1'));
    const [x, y] = [a.ipv6('2001:db8:1:2::10'), a.ipv6('2001:db8:1:2::11')];
    assert.equal(x.split(':').slice(0, 4).join(':'), y.split(':').slice(0, 4).join(':'));
    assert.doesNotMatch(x, /^2001:db8/);
    assert.equal(a.ipv6('::1'), '::1');
  });
});
