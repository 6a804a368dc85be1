import { strict as assert } from 'node:assert';
import { fillTemplate, placeholdersIn, placeholderValues, unknownPlaceholders } from '../../../src/core/lesson/placeholders';
import { labManifest, labTopology } from './fixtures';

describe('lesson placeholders from the lab snapshot', () => {
  it('fill with the lab’s own names', async () => {
    const values = placeholderValues(await labTopology());
    const m = labManifest();
    const port = m.instancePorts[0]!;
    const router = m.routers[0]!;
    const dhcp = m.dhcp[0]!;
    const floating = m.floatingIps[0]!;
    assert.equal(values['instance.prefix'], port.prefix11);
    assert.equal(values['instance.id'], port.portId);
    assert.equal(values['instance.ovsBridge'], 'br-int');
    assert.equal(values['instance.tap'], port.tap);
    assert.equal(values['instance.qbr'], port.qbr);
    assert.equal(values['instance.qvb'], port.qvb);
    assert.equal(values['instance.qvo'], port.qvo);
    assert.equal(values['instance.ip'], port.fixedIp);
    assert.equal(values['instance.mac'], port.mac);
    assert.equal(values['port.inboundChain'], port.sgChains.inbound);
    assert.equal(values['port.outboundChain'], port.sgChains.outbound);
    assert.equal(values['qrouter.name'], router.namespace);
    assert.equal(values['qrouter.gatewayDevice'], router.qg.name);
    assert.equal(values['qrouter.gatewayIp'], router.qg.ip);
    assert.equal(values['qrouter.interfaceDevice'], router.qr.name);
    assert.equal(values['qdhcp.name'], dhcp.namespace);
    assert.equal(values['dhcp.interface'], dhcp.interface);
    assert.equal(values['dhcp.ip'], m.networks[0]!.dhcpPort.ip);
    // dnsmasq runs with --bind-dynamic (no --interface): the tap comes from the agent's interface file
    assert.equal(values['dhcp.interfaceFile'], `${m.networks[0]!.stateDir}/interface`);
    assert.equal(values['floating.floating'], floating.floating);
    assert.equal(values['floating.fixed'], floating.fixed);
    assert.equal(values['floating.router'], floating.namespace);
  });

  it('are all null without a topology', () => {
    const values = placeholderValues(undefined);
    assert.ok(Object.keys(values).length > 10);
    assert.ok(Object.values(values).every((v) => v === null));
  });

  it('fillTemplate fills every occurrence or reports what is missing, never an empty string', () => {
    const values = { 'qdhcp.name': 'qdhcp-1', 'dhcp.interface': null };
    assert.deepEqual(fillTemplate('ns {{qdhcp.name}} / {{ qdhcp.name }}', values), { ok: true, text: 'ns qdhcp-1 / qdhcp-1' });
    assert.deepEqual(fillTemplate('{{qdhcp.name}} {{dhcp.interface}}', values), { ok: false, missing: ['dhcp.interface'] });
    assert.deepEqual(fillTemplate('no placeholders', values), { ok: true, text: 'no placeholders' });
  });

  it('names used and unknown placeholders', () => {
    assert.deepEqual(placeholdersIn('{{a.b}} {{c.d}} {{a.b}}'), ['a.b', 'c.d']);
    assert.deepEqual(unknownPlaceholders('{{instance.tap}} {{instance.tapp}}'), ['instance.tapp']);
    assert.deepEqual(unknownPlaceholders('{{instance.tap'), ['(malformed {{…}})']);
    assert.deepEqual(unknownPlaceholders('plain'), []);
  });
});
