// Real Neutron (ML2/OVS, iptables_hybrid), scenario 7: the seed's question "why can't I ssh to my
// VM?" on a node where Neutron itself removed the rule. The tcp/22 rule of the default group is
// deleted through the API; once a real connect to the floating IP fails, List iptables on the port
// shows no tcp/22 rule in its inbound chain (icmp still there). Put back, it shows again.
import * as assert from 'node:assert/strict';
import { neutronFacts } from '../../support/facts';
import { deleteSshRule, neutronLab, restoreSshRule } from '../../support/neutron';
import { portChainsShowSshAndPing } from '../../support/scenarios';

describe('real Neutron ovs-hybrid: 7. the tcp/22 rule deleted through the API', () => {
  after(async () => {
    await restoreSshRule(neutronLab('ovs-hybrid')); // the lab as built, whatever failed
  });

  it('tcp/22 to the floating IP fails, and the port\'s inbound chain has no tcp/22 rule left (icmp stays)', async () => {
    const gone = await deleteSshRule(neutronLab('ovs-hybrid'));
    assert.equal(gone.verdict, 'failed', `tcp/22 still connects after the rule was deleted: ${gone.detail}`);
    await portChainsShowSshAndPing(neutronFacts('ovs-hybrid'), 'deleted');
  });

  it('with the rule created again, tcp/22 connects and the chain shows it again', async () => {
    const back = await restoreSshRule(neutronLab('ovs-hybrid'));
    assert.equal(back.verdict, 'delivered', `tcp/22 does not connect with the rule back: ${back.detail}`);
    await portChainsShowSshAndPing(neutronFacts('ovs-hybrid'), 'allowed');
  });
});
