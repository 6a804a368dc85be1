// Scenario 9 (issue 17): save a snapshot of the lab, add a port with a floating IP, Compare with
// live → exactly the new tap/qbr/qvb/qvo, chains and NAT rules; then browse the saved file offline
// while the lab's sshd is stopped. Runs after scenario 1 (the lab host is added and trusted).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addPortWithFloatingIp, removeAddedPort } from '../../lab/add-port';
import { startSshd, stopSshd } from '../../lab/control';
import { workbench } from '../support/browser';
import { e2e } from '../support/env';
import { snap } from '../support/hooks';
import { dropLabSessions, firstRouter, lab, labAlias } from '../support/lab';
import { eventually, showsText } from '../support/until';
import { activeEditor, clearWorkbench, contextMenu, openDevStackView, openPath, quickInput, runCommand, treeRow, viewAction, webview } from '../support/workbench';

const workspace = () => new URL(e2e.url).searchParams.get('folder')!;
const savedFiles = () => fs.readdirSync(workspace()).filter((f) => f.endsWith('.devstack-net.json'));

describe('9. snapshots: save, compare with live, browse offline', function () {
  let saved = '';
  let added: ReturnType<typeof addPortWithFloatingIp> | undefined;
  // The scenarios after this one expect the lab as built.
  after(() => {
    if (added) removeAddedPort(added);
  });

  it('saves a snapshot of the lab from the host menu', async () => {
    const page = workbench();
    await clearWorkbench(page);
    await openDevStackView(page);
    await openPath(page, labAlias, /^Namespaces/); // connected and loaded
    await contextMenu(page, treeRow(page, labAlias), /^Save Snapshot/);
    const input = quickInput(page);
    await showsText(input, /Save as it is/);
    await page.keyboard.press('Enter');
    // The save dialog (code-server's simple file dialog) proposes <alias>-<time>.devstack-net.json in the workspace.
    await eventually(async () => /\.devstack-net\.json$/.test(await input.locator('input').inputValue()), () => 'no file name proposed');
    await page.keyboard.press('Enter');
    await eventually(async () => savedFiles().length === 1, () => `no snapshot file in ${workspace()}`);
    saved = path.join(workspace(), savedFiles()[0]!);
    await showsText(page.locator('.notifications-toasts'), /Snapshot of devstack-lab saved/);
    const json = JSON.parse(fs.readFileSync(saved, 'utf8'));
    assert.equal(json.format, 'devstack-net-snapshot');
    assert.equal(json.meta.alias, labAlias);
  });

  it('after a port with a floating IP is added, Compare with live lists just its devices, chains and NAT rules', async () => {
    const page = workbench();
    added = addPortWithFloatingIp();
    const { port, floating } = added;
    await runCommand(page, 'DevStack: Open Snapshot…');
    const input = quickInput(page).locator('input');
    await input.waitFor();
    // code-server's simple file dialog: type the folder, then pick the file from its list.
    await input.fill(`${path.dirname(saved)}/`);
    await quickInput(page).locator('.monaco-list-row').filter({ hasText: path.basename(saved) }).first().click();
    const offline = treeRow(page, /^devstack-lab @ /);
    await offline.waitFor();
    await showsText(offline, /offline/);
    await contextMenu(page, offline, /^Compare With/);
    await quickInput(page).locator('.monaco-list-row').filter({ hasText: 'live host' }).first().click();
    const editor = activeEditor(page);
    // 4 devices, OVS port, qbr, Neutron port, 3 chains, 5 jumps + 3 NAT rules, the floating IP; the
    // gateway's new /32 changes its device and port; nothing removed, and no other kind of thing.
    const top = await showsText(editor, /19 added, 0 removed, 2 changed[\s\S]*floating IP\s+\+1\s+-0\s+~0/);
    const kinds = top.split('\n').filter((l) => /\s\+\d+\s+-\d+\s+~\d+\s*$/.test(l)).map((l) => l.trim().replace(/\s+/g, ' '));
    assert.deepEqual(kinds, ['device +4 -0 ~1', 'OVS port +1 -0 ~0', 'Linux bridge +1 -0 ~0', 'Neutron port +1 -0 ~1', 'chain +3 -0 ~0', 'rule +8 -0 ~0', 'floating IP +1 -0 ~0']);
    const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const plus = (word: string, name: string) => new RegExp(`\\+ ${word}\\s+${esc(name)}(\\s|$)`, 'm');
    for (const name of [port.tap, port.qbr, port.qvb, port.qvo]) await showsText(editor, plus('device', name));
    await showsText(editor, plus('OVS port', port.qvo));
    await showsText(editor, plus('Linux bridge', port.qbr));
    for (const chain of [port.sgChains.inbound, port.sgChains.outbound, port.sgChains.spoofing]) await showsText(editor, plus('chain', `filter/${chain}`));
    await snap('9 compare with live');
    await page.keyboard.press('Control+End');
    const router = lab().routers.find((r) => r.id === floating.router)!;
    const bottom = await showsText(editor, new RegExp(`DNAT --to-destination ${esc(floating.fixed)}`));
    await showsText(editor, new RegExp(`SNAT --to-source ${esc(floating.floating)}`));
    await showsText(editor, plus('floating IP', floating.floating));
    // The two changes: the gateway device got the floating /32, so did the gateway's Neutron port.
    const changes = bottom.split('\n').filter((l) => l.startsWith('~ '));
    assert.equal(changes.length, 2, changes.join('\n'));
    assert.match(changes.find((l) => /^~ device/.test(l)) ?? '', new RegExp(`^~ device\\s+${esc(router.qg.name)}\\s.*: addresses`));
    assert.match(changes.find((l) => /^~ Neutron port/.test(l)) ?? '', /: addresses/);
  });

  it('browses the saved snapshot offline while the lab sshd is down: tree and the router NAT view', async () => {
    const page = workbench();
    await clearWorkbench(page);
    const { router, floating } = firstRouter(lab()); // lab() refuses while sshd is stopped
    await stopSshd();
    dropLabSessions();
    try {
      const offline = /^devstack-lab @ /;
      // Rows are found by label, first match: collapse the live host so only the offline one is shown.
      await viewAction(page, /Collapse All/).click();
      const ns = await openPath(page, offline, /^Namespaces/, router.namespace);
      await contextMenu(page, ns, /^List iptables/);
      const inspector = await webview(page, 'td.floating-ip');
      const pair = inspector.locator('tr').filter({ has: inspector.locator('td.floating-ip', { hasText: floating!.floating }) });
      await showsText(pair.locator('td.fixed-ip'), floating!.fixed);
      await snap('9 offline NAT view');
      // A live-only command is not offered on the offline host.
      await treeRow(page, offline).click({ button: 'right' });
      await page.getByRole('menuitem', { name: /^Close Snapshot/ }).first().waitFor();
      assert.equal(await page.getByRole('menuitem', { name: /^Open Terminal|^ip addr/ }).count(), 0);
      await page.keyboard.press('Escape');
    } finally {
      await startSshd();
    }
  });
});
