// Real Neutron (ovn), scenario 20: the OVN edition of the lesson, every step's commands run on the
// node and every check answered the way a learner would (from what the commands print), each turning
// green; then the picture of the instance port's path, physical and logical views.
// Runs after 00-connect.test.ts (the lab host added and trusted).
import * as assert from 'node:assert/strict';
import type { FrameLocator, Locator } from 'playwright-core';
import { workbench } from '../../support/browser';
import { answerCheck } from '../../support/scenarios';
import { snap } from '../../support/hooks';
import { labAlias } from '../../support/lab';
import { neutronLab } from '../../support/neutron';
import { eventually, showsText } from '../../support/until';
import { clearWorkbench, contextMenu, openDevStackView, openPath, runCommand, viewAction, webview } from '../../support/workbench';

async function runAll(step: Locator): Promise<string[]> {
  const outputs: string[] = [];
  const commands = step.locator('.command');
  const n = await commands.count();
  assert.ok(n > 0, 'the step has commands');
  for (let i = 0; i < n; i++) {
    const c = commands.nth(i);
    await c.locator('vscode-button[data-action="run"]').click();
    await showsText(c.locator('.run-status').last(), /^Finished/, 60_000);
    assert.equal(await c.locator('.run-error').count(), 0, `command ${i + 1} ran without an error`);
    outputs.push(await c.locator('pre.output').innerText());
  }
  return outputs;
}

function answer(step: Locator, id: string, text: string): Promise<void> {
  return answerCheck(step.locator(`.check[data-check="${id}"]`), text);
}

async function goTo(lesson: FrameLocator, index: number): Promise<Locator> {
  await lesson.locator('button.step-link').nth(index).click();
  const step = lesson.locator('main.step');
  await showsText(step.locator('h2'), new RegExp(`^Step ${index + 1}:`));
  return step;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe('real Neutron ovn: 20. the OVN lesson and the picture', () => {
  it('runs every step of the OVN edition; each check, answered from the output, turns green', async () => {
    const page = workbench();
    const m = neutronLab('ovn');
    await clearWorkbench(page);
    await openDevStackView(page);
    await runCommand(page, 'DevStack: Open lesson');
    const lesson = await webview(page, '.lesson', 60_000);
    await showsText(lesson.locator('.lesson'), /OVN/);
    assert.equal(await lesson.locator('button.step-link').count(), 8, 'the OVN edition has eight steps');

    // 1. the tap goes straight into br-int: iface-id names the Neutron port.
    let step = await goTo(lesson, 0);
    let out = await runAll(step);
    const portId = UUID.exec(out[1] ?? '')?.[0];
    assert.ok(portId && m.instancePorts.some((p) => p.portId === portId), `iface-id is one of the lab's instance ports: ${out[1]}`);
    await answer(step, 'port-id', portId);
    await snap('ovn 20 lesson step 1 tap into br-int');

    // 2. ACLs on port groups: the group is in the command, the ssh ACL in its output.
    step = await goTo(lesson, 1);
    out = await runAll(step);
    const pg = /pg_[0-9a-f_]{36}/.exec(await step.locator('.command-text').first().innerText())?.[0];
    assert.ok(pg, 'the command names the port group');
    await answer(step, 'pg', pg);
    const ssh = (out[0] ?? '').split('\n').find((l) => /to-lport/.test(l) && /tcp\.dst == 22/.test(l));
    assert.ok(ssh, `acl-list shows the ssh ACL: ${out[0]}`);
    await answer(step, 'ssh', ssh.trim());
    await snap('ovn 20 lesson step 2 ACLs');

    // 3. logical switches: the switch whose block lists the port.
    step = await goTo(lesson, 2);
    out = await runAll(step);
    const block = (out[0] ?? '').split(/\n(?=switch )/).find((b) => b.includes(portId));
    const sw = block ? /\((neutron-[0-9a-f-]{36})\)/.exec(block)?.[1] : undefined;
    assert.ok(sw, `ovn-nbctl show has the port's switch: ${out[0]}`);
    await answer(step, 'switch', sw);

    // 4. NAT rows: the fixed IP on the floating IP's line.
    step = await goTo(lesson, 3);
    out = await runAll(step);
    const fipLine = (out[0] ?? '').split('\n').find((l) => /dnat_and_snat/.test(l));
    const [floating, fixed] = (fipLine?.match(/\d+\.\d+\.\d+\.\d+/g) ?? []) as string[];
    assert.ok(floating && fixed && m.floatingIps.some((f) => f.floating === floating && f.fixed === fixed), `lr-nat-list pairs a lab floating IP: ${out[0]}`);
    await answer(step, 'fixed', fixed);
    await snap('ovn 20 lesson step 4 NAT rows');

    // 5-7. DHCP (no dnsmasq), metadata (haproxy in ovnmeta-), geneve.
    step = await goTo(lesson, 4);
    out = await runAll(step);
    assert.match(out[0] ?? '', /classless_static_route/);
    await answer(step, 'who', 'ovn-controller');
    step = await goTo(lesson, 5);
    out = await runAll(step);
    assert.match(out[1] ?? '', /haproxy/);
    await answer(step, 'address', '169.254.169.254');
    step = await goTo(lesson, 6);
    out = await runAll(step);
    const encap = /Encap (\w+)/.exec(out[0] ?? '')?.[1];
    assert.ok(encap, `ovn-sbctl show lists an encap: ${out[0]}`);
    await answer(step, 'encap', encap);

    // 8. ovn-trace: paste the stage where the floating IP becomes the fixed IP.
    step = await goTo(lesson, 7);
    out = await runAll(step);
    const lines = (out[0] ?? '').split('\n');
    const at = lines.findIndex((l) => /lr_in_dnat/.test(l));
    assert.ok(at >= 0, `the trace has lr_in_dnat: ${out[0]}`);
    await answer(step, 'dnat', `${lines[at]?.trim()} ${lines[at + 1]?.trim()}`);
    await snap('ovn 20 lesson step 8 ovn-trace');
  });

  it("draws the instance port's path: physical view (tap → br-int → localnet → br-ex) and logical view (network, router, floating IP)", async () => {
    const page = workbench();
    const m = neutronLab('ovn');
    const port = m.instancePorts[0]!;
    const fip = m.floatingIps.find((f) => f.portId === port.portId) ?? m.floatingIps[0]!;
    await clearWorkbench(page);
    await openDevStackView(page);
    // The tree draws only the rows on screen: after the OVN scenarios opened long lists, the host's
    // "Ports" row can sit above the scrolled window. Fold everything and open the path from the top.
    await viewAction(page, /Collapse All/).click();
    await contextMenu(page, await openPath(page, labAlias, /^Ports/, port.prefix11), /^Show Topology/);
    let frame = await webview(page, 'svg.picture', 60_000);
    for (const name of [port.tap, 'br-int', 'br-ex']) await frame.locator('svg.picture text', { hasText: name }).first().waitFor({ timeout: 30_000 });
    assert.ok((await frame.locator('g.node.lit').count()) >= 3, 'the path is lit');
    await frame.locator('[data-action="fit"]').click();
    await snap('ovn 20 picture port path physical');

    await frame.locator('[data-action="toggle-view"]').click();
    frame = await webview(page, 'svg.picture', 60_000);
    await eventually(async () => (await frame.locator('svg.picture text', { hasText: fip.floating }).count()) > 0, () => `the logical view shows the floating IP ${fip.floating}`);
    for (const name of ['private', port.fixedIp]) await frame.locator('svg.picture text', { hasText: name }).first().waitFor({ timeout: 30_000 });
    await frame.locator('[data-action="fit"]').click();
    await snap('ovn 20 picture port path logical');
  });
});
