// package.json "contributes" agrees with the code: commands, menus ↔ contextValues, settings.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, QUERY_COMMANDS, SNAPSHOT_COMMANDS, VIEW_ID } from '../../../src/core/view/constants';
import { HOST_CONTEXT, OFFLINE_PREFIX } from '../../../src/core/view/context-values';
import { parseSettings } from '../../../src/core/settings/schema';
import { labTopology } from './lab-snapshot';
import { connected, walk } from './walk';
import { ovnTopology } from '../backends/ovn/fixtures';

interface Menu { command: string; when: string; group?: string }
const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const contributes = pkg.contributes;
const itemMenus: Menu[] = contributes.menus['view/item/context'];

/** The viewItem regexes of a `when` clause (clauses are "view == … && (viewItem =~ /a/ || viewItem =~ /b/)"). */
function viewItemPatterns(when: string): RegExp[] {
  return [...when.matchAll(/viewItem =~ \/(.+?)\/(?=\s|\)|$)/g)].map((m) => new RegExp(m[1]!));
}
const commandsFor = (contextValue: string) =>
  itemMenus.filter((m) => viewItemPatterns(m.when).some((re) => re.test(contextValue))).map((m) => m.command);

describe('package.json contributes', () => {
  it('declares exactly the commands the extension registers, each with the DevStack category and a codicon', () => {
    const registered = new Set<string>([...Object.values(COMMANDS), ...Object.values(QUERY_COMMANDS), ...Object.values(SNAPSHOT_COMMANDS)]);
    const declared = contributes.commands as { command: string; title: string; category: string; icon: string }[];
    assert.deepEqual(new Set(declared.map((c) => c.command)), registered);
    for (const c of declared) {
      assert.equal(c.category, 'DevStack', c.command);
      assert.match(c.icon, /^\$\([a-z-]+\)$/, c.command);
      assert.ok(c.title.length > 0);
    }
  });

  it('has the activity-bar container, the Topology view and the welcome buttons', () => {
    assert.equal(contributes.viewsContainers.activitybar[0].id, 'devstackNet');
    assert.equal(contributes.viewsContainers.activitybar[0].title, 'DevStack Network');
    assert.deepEqual(contributes.views.devstackNet.map((v: { id: string; name: string }) => [v.id, v.name]), [[VIEW_ID, 'Topology']]);
    const welcome = contributes.viewsWelcome[0].contents as string;
    assert.match(welcome, /\[Add DevStack host\]\(command:devstackNet\.host\.add\)/);
    assert.match(welcome, /\[Open lesson\]\(command:devstackNet\.lesson\.open\)/);
    assert.deepEqual(pkg.activationEvents, [
      'onWebviewPanel:devstackNet.chainInspector',
      'onWebviewPanel:devstackNet.flowInspector',
      'onWebviewPanel:devstackNet.lesson',
      'onWebviewPanel:devstackNet.picture',
    ]);
  });

  it('declares every setting with a description and the defaults the code assumes', () => {
    const props = contributes.configuration.properties as Record<string, { default: unknown; description?: string; markdownDescription?: string }>;
    const defaults = parseSettings({});
    const expected: Record<string, unknown> = {
      hosts: [],
      autoRefresh: defaults.autoRefresh,
      autoRefreshIntervalSeconds: defaults.autoRefreshIntervalSeconds,
      hideLoopback: defaults.hideLoopback,
      hideEmptyGroups: defaults.hideEmptyGroups,
      commandTimeoutSeconds: defaults.commandTimeoutSeconds,
      maxOutputMB: defaults.maxOutputMB,
      knownHostsFile: '',
    };
    assert.deepEqual(Object.keys(props).sort(), Object.keys(expected).map((k) => `devstackNet.${k}`).sort());
    for (const [key, value] of Object.entries(expected)) {
      const p = props[`devstackNet.${key}`]!;
      assert.deepEqual(p.default, value, key);
      assert.ok((p.description ?? p.markdownDescription ?? '').length > 20, `${key} has a description`);
    }
  });

  it('hides node-only commands from the palette', () => {
    const hidden = (contributes.menus.commandPalette as Menu[]).filter((m) => m.when === 'false').map((m) => m.command);
    for (const id of [COMMANDS.retry, COMMANDS.copyName, COMMANDS.copyUuid, COMMANDS.revealPeer, COMMANDS.revealBridge, COMMANDS.revealInTree]) {
      assert.ok(hidden.includes(id), id);
    }
  });

  it('offers the right context menu on the lab tree\'s nodes, and no menu matches nothing', async () => {
    const rows = walk(connected(await labTopology()));
    const contextValues = new Set(rows.map((r) => r.item.contextValue));
    contextValues.add('error.host');
    // The OVN group exists only on OVN hosts: its rows come from real OVN 23.03 tables.
    const ovnRows = walk(connected(ovnTopology(), 'ovn'));
    for (const r of ovnRows) contextValues.add(r.item.contextValue);
    const ovnCv = (label: string) => ovnRows.find((r) => r.item.label === label)!.item.contextValue;
    assert.ok(commandsFor(ovnCv('vm1-port')).includes(COMMANDS.ovnSecurityGroups));
    assert.ok(commandsFor(ovnCv('vm1-port')).includes(COMMANDS.ovnTrace));
    assert.ok(commandsFor(ovnCv('router1')).includes(COMMANDS.ovnNat));
    // An offline host (a saved snapshot): the provider prefixes every node's contextValue.
    for (const cv of [...contextValues]) contextValues.add(`${OFFLINE_PREFIX}${cv}`);
    contextValues.add(HOST_CONTEXT.offline);
    for (const menu of itemMenus) {
      assert.ok([...contextValues].some((cv) => viewItemPatterns(menu.when).some((re) => re.test(cv))), `${menu.command} (${menu.when}) matches some node`);
    }
    const cv = (label: string, kind = 'device') => rows.find((r) => r.node.kind === kind && r.item.label.startsWith(label))!.item.contextValue;
    const router = commandsFor(cv('qrouter-', 'namespace'));
    for (const id of [QUERY_COMMANDS.ipRoute, QUERY_COMMANDS.iptablesNat, QUERY_COMMANDS.custom, COMMANDS.terminalOpen, COMMANDS.iptablesList, COMMANDS.copyUuid, COMMANDS.copyCommand]) {
      assert.ok(router.includes(id), `qrouter menu has ${id}`);
    }
    const qvb = commandsFor(cv('qvb'));
    for (const id of [COMMANDS.revealPeer, COMMANDS.revealBridge, COMMANDS.iptablesList, COMMANDS.copyName]) assert.ok(qvb.includes(id), `qvb menu has ${id}`);
    assert.ok(commandsFor(cv('br-int', 'ovsBridge')).includes(COMMANDS.bridgeDumpFlows));
    assert.ok(!commandsFor(cv('eth0')).includes(COMMANDS.iptablesList), 'no port view for a physical NIC');
    assert.deepEqual(commandsFor('error.host').sort(), [COMMANDS.retry, COMMANDS.retry, COMMANDS.showLog].sort());
    assert.ok(commandsFor('host.connected').includes(COMMANDS.lessonOpen));
  });

  it('offers nothing that needs the live host on an offline snapshot, and the read-only views', async () => {
    const rows = walk(connected(await labTopology()));
    const live = new Set<string>([...Object.values(QUERY_COMMANDS), COMMANDS.terminalOpen, COMMANDS.hostRefresh, COMMANDS.hostEdit, COMMANDS.copyCommand, COMMANDS.bridgeDumpFlows, COMMANDS.bridgeListPorts, COMMANDS.bridgeLink, SNAPSHOT_COMMANDS.record]);
    for (const row of rows) {
      const offered = commandsFor(OFFLINE_PREFIX + row.item.contextValue);
      for (const id of offered) assert.ok(!live.has(id), `${id} offered on offline ${row.item.contextValue}`);
    }
    const host = commandsFor(HOST_CONTEXT.offline);
    for (const id of [SNAPSHOT_COMMANDS.save, SNAPSHOT_COMMANDS.compare, SNAPSHOT_COMMANDS.close, COMMANDS.iptablesList, COMMANDS.lessonOpen]) assert.ok(host.includes(id), `offline host menu has ${id}`);
    for (const id of live) assert.ok(!host.includes(id), `offline host menu lacks ${id}`);
    const router = rows.find((r) => r.node.kind === 'namespace' && r.item.label.startsWith('qrouter-'))!.item.contextValue;
    assert.ok(commandsFor(OFFLINE_PREFIX + router).includes(COMMANDS.iptablesList));
    assert.ok(commandsFor('host.connected').includes(SNAPSHOT_COMMANDS.record));
  });
});
