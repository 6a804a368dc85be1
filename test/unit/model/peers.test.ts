// veth peers across namespaces, on a real recording (test/fixtures/snapshot/snapshot-veth.txt):
// root tapdddd0001-aa ↔ qr-dddd0001-aa in a qrouter namespace, rfp- ↔ fpr- between qrouter and fip.
import { strict as assert } from 'node:assert';
import { resolvePeers } from '../../../src/core/model/peers';
import type { Topology } from '../../../src/core/model/types';
import { parseIpText } from '../../../src/core/parse/ip';
import { loadCapture } from '../helpers/captures';
import { recordedTopology } from './recorded';

const QROUTER = 'qrouter-dddddddd-0000-4000-8000-000000000001';
const FIP = 'fip-dddddddd-0000-4000-8000-0000000000f1';

describe('model/peers', () => {
  let topo: Topology;
  before(async () => {
    topo = (await recordedTopology('veth')).topo;
  });
  const dev = (ns: string | null, name: string) => topo.devices.find((d) => d.namespace === ns && d.name === name)!;

  it('resolves root ↔ namespace veths through link_netnsid and each side’s nsid map', () => {
    assert.deepEqual(dev(null, 'tapdddd0001-aa').peer, { namespace: QROUTER, name: 'qr-dddd0001-aa' });
    assert.deepEqual(dev(QROUTER, 'qr-dddd0001-aa').peer, { namespace: null, name: 'tapdddd0001-aa' });
  });

  it('resolves namespace ↔ namespace veths (rfp- ↔ fpr-), whose nsids differ per side', () => {
    assert.deepEqual(dev(QROUTER, 'rfp-dddddddd-0').peer, { namespace: FIP, name: 'fpr-dddddddd-0' });
    assert.deepEqual(dev(FIP, 'fpr-dddddddd-0').peer, { namespace: QROUTER, name: 'rfp-dddddddd-0' });
    assert.equal(dev(QROUTER, 'rfp-dddddddd-0').role, 'fip-veth');
  });

  it('never pairs by ifindex alone: the same index in the root namespace is another device', () => {
    const qr = dev(QROUTER, 'qr-dddd0001-aa');
    const sameIndexInRoot = topo.devices.find((d) => d.namespace === null && d.index === qr.index);
    assert.ok(sameIndexInRoot, 'the recording has a root device with the same ifindex');
    assert.notEqual(sameIndexInRoot.name, 'tapdddd0001-aa');
    assert.equal(sameIndexInRoot.peer, null);
  });

  it('groups the linuxbridge-style tap + qr- pair into one router-interface port', () => {
    const port = topo.ports.find((p) => p.prefix === 'dddd0001-aa')!;
    assert.equal(port.kind, 'router-interface');
    assert.deepEqual(port.addresses, ['10.99.0.1/24']);
  });

  it('pairs same-namespace veths from text output by name (`qvo…@qvb…`)', () => {
    const links = parseIpText(loadCapture('ip-addr-2.txt'));
    const peers = resolvePeers([{ namespace: null, links, nsids: new Map() }]);
    assert.deepEqual(peers.get('/qvo7060060e-21'), { namespace: null, name: 'qvb7060060e-21' });
    assert.deepEqual(peers.get('/qvb7060060e-21'), { namespace: null, name: 'qvo7060060e-21' });
  });

  it('leaves a peer unresolved when no side can name its namespace (`@if21 link-netnsid 0`, no map)', () => {
    const links = parseIpText(loadCapture('ip-addr-12.txt'));
    const ha = links.find((l) => l.name.startsWith('ha-'))!;
    assert.equal(ha.linkNetnsId, 0);
    const peers = resolvePeers([{ namespace: 'qrouter-b6206312', links, nsids: new Map() }]);
    assert.equal(peers.size, 0);
  });
});
