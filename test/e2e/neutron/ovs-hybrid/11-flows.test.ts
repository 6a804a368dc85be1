// Real Neutron (ML2/OVS, iptables_hybrid), scenario 11 (issue 14 on the hybrid lab): Dump flows on
// br-int and on br-tun opens the flow inspector with the OVS agent's tables named by their role, and a
// table link opens that table's flows.
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { guessLayout, tableRole } from '../../../../src/core/openflow/tables';
import { workbench } from '../../support/browser';
import { snap } from '../../support/hooks';
import { labAlias } from '../../support/lab';
import { neutronLab } from '../../support/neutron';
import { eventually, showsText } from '../../support/until';
import { clearWorkbench, contextMenu, openDevStackView, openPath, webview } from '../../support/workbench';

/** The overview's role cell of each table, by table number. */
async function roles(frame: FrameLocator): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const row of await frame.locator('table.rules tbody tr.rule').all()) {
    const table = Number(await row.locator('td.num button[data-table]').getAttribute('data-table'));
    out.set(table, ((await row.locator('td').nth(1).textContent()) ?? '').trim());
  }
  return out;
}

async function dumpFlows(bridge: string): Promise<FrameLocator> {
  const page = workbench();
  await contextMenu(page, await openPath(page, labAlias, /^Open vSwitch/, bridge), /^Dump flows/);
  const frame = await webview(page, `h2:has-text("${bridge}: ")`, 60_000);
  await showsText(frame.locator('p.port-device'), 'Tables named by their role');
  return frame;
}

/** Every table of the dump named, and the ones the issue lists named as the OVS agent's layout says. */
async function expectNamed(frame: FrameLocator, bridge: 'br-int' | 'br-tun', expected: readonly number[]): Promise<void> {
  const guess = guessLayout(bridge, 'ovs-hybrid', []);
  assert.equal(guess.layout, bridge === 'br-int' ? 'ovs-br-int' : 'ovs-br-tun');
  const shown = await eventually(async () => {
    const r = await roles(frame);
    return r.size > 0 && r;
  }, () => `${bridge}: the overview lists no table`);
  for (const table of expected) {
    assert.ok(shown.has(table), `${bridge} has table ${table}: ${[...shown.keys()].join(', ')}`);
    assert.equal(shown.get(table), tableRole(guess, table), `${bridge} table ${table} is named by its role`);
  }
  const unnamed = [...shown].filter(([, role]) => role === 'unknown' || role === '').map(([t]) => t);
  assert.deepEqual(unnamed, [], `${bridge}: every table has a role`);
}

describe('real Neutron ovs-hybrid: 11. flow tables of br-int and br-tun', () => {
  before(() => neutronLab('ovs-hybrid'));

  it('Dump flows on br-int names its tables (0 local switching, 23–24 ARP spoofing, 60 transient)', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    const frame = await dumpFlows('br-int');
    await expectNamed(frame, 'br-int', [0, 23, 24, 60]);
    await snap('11 hybrid br-int flow tables named');
    await frame.locator('td.num button[data-table="60"]').click();
    await showsText(frame.locator('h2.chain-heading'), `Table 60: ${tableRole(guessLayout('br-int', 'ovs-hybrid', []), 60)}`);
    assert.ok((await frame.locator('table.rules tbody tr.rule').count()) > 0, 'table 60 lists its flows');
    await snap('11 hybrid br-int table 60');
  });

  it('Dump flows on br-tun names its tables (0, 2, 3, 4, 10, 20, 22)', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    const frame = await dumpFlows('br-tun');
    await expectNamed(frame, 'br-tun', [0, 2, 3, 4, 10, 20, 22]);
    await snap('11 hybrid br-tun flow tables named');
  });
});
