// The DHCP agent's interface and host files, as the snapshot reads them (`grep -H ''`),
// on the fast lab's capture (test/fixtures/lab/dhcp-agent-files.txt).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDhcpAgentFiles } from '../../../src/core/parse/dhcp-agent-files';
import { ParseError } from '../../../src/core/parse/errors';
import { labManifest } from '../iptables/fixtures';

const LAB = join(__dirname, '..', '..', 'fixtures', 'lab');

describe('parseDhcpAgentFiles', () => {
  it('reads the lab network: interface file, host lines with set:<port id>', () => {
    const m = labManifest();
    const net = m.networks[0]!;
    const [dir, ...rest] = parseDhcpAgentFiles(readFileSync(join(LAB, 'dhcp-agent-files.txt'), 'utf8'));
    assert.equal(rest.length, 0);
    assert.equal(dir!.dir, net.stateDir);
    assert.equal(dir!.networkId, net.id);
    assert.equal(dir!.interfaceFile, `${net.stateDir}/interface`);
    assert.equal(dir!.interface, net.dhcpPort.name);
    assert.equal(dir!.hostsFile, `${net.stateDir}/host`);
    const port = m.instancePorts[0]!;
    const host = dir!.hosts.find((h) => h.portId === port.portId);
    assert.deepEqual(host && [host.mac, host.ip], [port.mac, port.fixedIp]);
    assert.deepEqual(dir!.hosts.find((h) => h.portId === net.dhcpPort.portId)?.ip, net.dhcpPort.ip);
  });

  it('reads the older forms: no set: field, a bracketed IPv6 address, upper-case MACs', () => {
    const text = [
      '/var/lib/neutron/dhcp/0a1d0a27-cffa-4de3-92c5-9d3fd3f2e74d/host:FA:16:3E:AA:BB:CC,host-10-0-0-5.openstacklocal,10.0.0.5',
      '/var/lib/neutron/dhcp/0a1d0a27-cffa-4de3-92c5-9d3fd3f2e74d/host:fa:16:3e:aa:bb:cd,host-fd00--5,[fd00::5],set:4f9e3c2a-1b2c-4d5e-8f90-123456789abc',
    ].join('\n');
    const [d] = parseDhcpAgentFiles(text);
    assert.equal(d!.interface, null);
    assert.deepEqual(d!.hosts, [
      { mac: 'fa:16:3e:aa:bb:cc', ip: '10.0.0.5', name: 'host-10-0-0-5.openstacklocal', portId: null },
      { mac: 'fa:16:3e:aa:bb:cd', ip: 'fd00::5', name: 'host-fd00--5', portId: '4f9e3c2a-1b2c-4d5e-8f90-123456789abc' },
    ]);
  });

  it('throws ParseError with the line for garbled output', () => {
    assert.throws(() => parseDhcpAgentFiles('/x/interface:tap1\nnot a file line'), (e: unknown) => e instanceof ParseError && e.line === 2);
    assert.throws(() => parseDhcpAgentFiles('/x/host:no-mac-here,10.0.0.1'), (e: unknown) => e instanceof ParseError && e.line === 1);
    assert.deepEqual(parseDhcpAgentFiles(''), []);
  });
});
