// dnsmasq ↔ qdhcp namespace, interface and network, from real ps captures.
import { strict as assert } from 'node:assert';
import { linkDhcp } from '../../../src/core/model/dhcp';
import { parseDnsmasqPs } from '../../../src/core/parse/dnsmasq';
import { loadCapture } from '../helpers/captures';

describe('model/dhcp', () => {
  it('links by the network id in the state dir (DevStack /opt/stack/data/neutron/dhcp)', () => {
    const procs = parseDnsmasqPs(loadCapture('ps-dnsmasq-3.txt'));
    const net = procs[0].networkId!;
    const [d] = linkDhcp(procs, new Set([`qdhcp-${net}`, 'qrouter-x']), new Map([['tap1b197b45-16', [`qdhcp-${net}`]]]));
    assert.deepEqual([d.namespace, d.interface, d.networkId, d.pid], [`qdhcp-${net}`, 'tap1b197b45-16', net, procs[0].pid]);
  });

  it('quantum-era parent + child both land in their namespace (/var/lib/quantum/dhcp, ns- interface)', () => {
    const procs = parseDnsmasqPs(loadCapture('ps-dnsmasq-4.txt'));
    assert.equal(procs.length, 2);
    const ns = 'qdhcp-88b1609c-68e0-49ca-a658-f1edff54a264';
    const links = linkDhcp(procs, new Set([ns]), new Map());
    assert.deepEqual(links.map((l) => [l.namespace, l.interface]), [[ns, 'ns-f14c598d-98'], [ns, 'ns-f14c598d-98']]);
  });

  it('falls back to the namespace holding the interface when the state dir names no namespace here', () => {
    const procs = parseDnsmasqPs(loadCapture('ps-dnsmasq-4.txt')).map((p) => ({ ...p, networkId: null }));
    const links = linkDhcp(procs, new Set(['qdhcp-0000']), new Map([['ns-f14c598d-98', [null, 'qdhcp-0000']]]));
    assert.deepEqual(links.map((l) => [l.namespace, l.networkId]), [['qdhcp-0000', '0000'], ['qdhcp-0000', '0000']]);
  });
});
