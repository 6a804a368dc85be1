import { strict as assert } from 'node:assert';
import { parseDnsmasqPs } from '../../../src/core/parse/dnsmasq';
import { ParseError } from '../../../src/core/parse/errors';
import { captureFiles, loadCapture } from '../helpers/captures';

describe('parseDnsmasqPs', () => {
  it('covers every ps-dnsmasq capture', () => {
    assert.deepEqual(captureFiles('ps-dnsmasq-'), ['ps-dnsmasq-3.txt', 'ps-dnsmasq-4.txt']);
  });

  it('ps-dnsmasq-3.txt: `ps ww` with header, DevStack state dir, set:tag0 range, empty --conf-file=', () => {
    const [p, ...rest] = parseDnsmasqPs(loadCapture('ps-dnsmasq-3.txt'), 'ps ww');
    assert.equal(rest.length, 0);
    assert.equal(p.pid, 1585);
    assert.equal(p.user, null);
    assert.equal(p.interface, 'tap1b197b45-16');
    assert.equal(p.networkId, '4b523b2a-5921-4e8b-9e64-7b668c4aab85');
    assert.deepEqual(p.dhcpRanges, ['set:tag0,10.0.0.0,static,86400s']);
    assert.ok(p.command.startsWith('dnsmasq --no-hosts'));
    assert.ok(p.command.includes('--conf-file= --domain=openstacklocal'));
  });

  it('ps-dnsmasq-4.txt: `ps -fe` parent and child, quantum paths, ns- interface', () => {
    const procs = parseDnsmasqPs(loadCapture('ps-dnsmasq-4.txt'), 'ps -fe');
    assert.deepEqual(procs.map((p) => [p.pid, p.user, p.interface, p.networkId]), [
      [23195, 'nobody', 'ns-f14c598d-98', '88b1609c-68e0-49ca-a658-f1edff54a264'],
      [23196, 'root', 'ns-f14c598d-98', '88b1609c-68e0-49ca-a658-f1edff54a264'],
    ]);
    assert.deepEqual(procs[0].dhcpRanges, ['tag0,10.1.0.0,static,120s']);
  });

  it('reads `ps aux` and header-less `pid user args`, skipping grep and other processes', () => {
    const args = '/usr/sbin/dnsmasq --no-hosts --interface=tapa1b2c3d4-e5 --pid-file=/var/lib/neutron/dhcp/0a1d0a27-cffa-4de3-92c5-9d3fd3f2e74d/pid --dhcp-range=set:subnet-5f1e,10.0.0.0,static,255.255.255.0,86400s';
    const aux = [
      'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND',
      `nobody      4242  0.0  0.0  12345  2345 ?        S    10:00   0:00 ${args}`,
      'stack       5000  0.0  0.0   6000   700 pts/0    S+   10:01   0:00 grep --color=auto dnsmasq',
    ].join('\n');
    const [a] = parseDnsmasqPs(aux);
    assert.deepEqual([a.pid, a.user, a.interface, a.networkId], [4242, 'nobody', 'tapa1b2c3d4-e5', '0a1d0a27-cffa-4de3-92c5-9d3fd3f2e74d']);
    assert.equal(parseDnsmasqPs(aux).length, 1);
    const [b] = parseDnsmasqPs(` 4242 nobody ${args}\n 77 root /usr/sbin/sshd -D\n`);
    assert.deepEqual([b.pid, b.user, b.dhcpRanges], [4242, 'nobody', ['set:subnet-5f1e,10.0.0.0,static,255.255.255.0,86400s']]);
  });

  it('gives [] for empty output and ParseError for text that is not ps output', () => {
    assert.deepEqual(parseDnsmasqPs(''), []);
    assert.throws(() => parseDnsmasqPs('bash: ps: command not found', 'ps dnsmasq'), (e: unknown) => {
      return e instanceof ParseError && e.source === 'ps dnsmasq' && e.line === 1;
    });
  });
});
