// The flow handed to `ovs-appctl ofproto/trace`: OVS 3.1 refuses `tp_src` on udp ("prerequisites not met for
// setting tp_src", seen on the real Neutron lab), so the protocol's own field names are used.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ofprotoFlow, parseOfprotoTrace } from '../../../src/core/trace/live';
import { newPacket } from '../../../src/core/trace/packet';

describe('trace/ofprotoFlow', () => {
  it('udp and tcp ports use udp_src/udp_dst and tcp_src/tcp_dst', () => {
    const udp = ofprotoFlow('qvoa7442631-6d', newPacket('udp', '10.0.0.62', '10.0.0.117', 53), 'fa:16:3e:4d:0c:a6', null);
    assert.equal(udp, 'in_port=qvoa7442631-6d,dl_src=fa:16:3e:4d:0c:a6,udp,nw_src=10.0.0.62,nw_dst=10.0.0.117,udp_src=40000,udp_dst=53');
    const tcp = ofprotoFlow('br-ex', newPacket('tcp', '10.0.0.62', '10.0.0.117', 22), null, null);
    assert.match(tcp, /,tcp,.*,tcp_src=40000,tcp_dst=22$/);
    assert.doesNotMatch(tcp + udp, /tp_src|tp_dst/);
  });
  it('icmp carries its type (echo request by default)', () => {
    assert.match(ofprotoFlow('br-ex', newPacket('icmp', '10.0.0.62', '10.0.0.117', null), null, null), /,icmp,nw_src=10\.0\.0\.62,nw_dst=10\.0\.0\.117,icmp_type=8$/);
  });
});

describe('trace/parseOfprotoTrace', () => {
  const real = (name: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', 'openflow', name), 'utf8');
  it('names the last bridge a trace went through: it follows patch ports (real OVS 3.1 output)', () => {
    const r = parseOfprotoTrace(real('trace-broadcast-to-tun.txt'));
    assert.deepEqual([r.actions, r.dropped, r.lastBridge], ['9,10', false, 'br-oftun']);
  });
  it('reads the last pass of a recirculated trace: dropped, in the bridge it started in', () => {
    const r = parseOfprotoTrace(real('trace-ingress-tcp80-dropped.txt'));
    assert.deepEqual([r.actions, r.dropped, r.lastBridge], ['drop', true, 'br-oftest']);
  });
});
