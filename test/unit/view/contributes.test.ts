// package.json "contributes" agrees with the code: commands, menus ↔ contextValues, settings.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, CONTEXT_KEYS, PICTURE_SHOW_COMMAND, QUERY_COMMANDS, SNAPSHOT_COMMANDS, TREE_SELECTION_ARG, VIEW_ID } from '../../../src/core/view/constants';
import { HOST_CONTEXT, OFFLINE_PREFIX } from '../../../src/core/view/context-values';
import { parseSettings } from '../../../src/core/settings/schema';
import { labTopology } from './lab-snapshot';
import { connected, walk } from './walk';
import { ovnTopology } from '../backends/ovn/fixtures';
import { ACROSS_HOSTS_FLAG, deploymentFlags, withDeployments } from '../../../src/core/view';
import { showHost } from '../deployment/fixtures';
import type { Topology } from '../../../src/core/model/types';

/** The real ovs-native lab's snapshot (Neutron 21, firewall_driver = openvswitch). */
const nativeTopology = (): Topology =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovs-native', 'snapshot.json'), 'utf8')) as Topology;

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
      deployments: [],
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
    // Deployment rows (configured and suggested) exist only with several hosts: a real VXLAN pair.
    const hosts = (['network', 'compute'] as const).map((alias, i) => ({ alias, target: alias, status: 'connected' as const, error: null, topology: showHost(alias, `ovs-vsctl-show-${3 - i}.txt`) }));
    for (const configured of [[], [{ name: 'lab', hosts: ['network', 'compute'] }]]) {
      for (const r of walk(withDeployments({ hosts, options: { hideLoopback: true, hideEmptyGroups: true } }, configured))) contextValues.add(r.item.contextValue);
    }
    assert.ok(commandsFor('deployment.suggested').includes(COMMANDS.deploymentSave));
    assert.ok(!commandsFor('deployment.group').includes(COMMANDS.deploymentSave));
    assert.ok(commandsFor('deployment.tunnel;otherEnd').includes(COMMANDS.revealOtherEnd));
    assert.ok(!commandsFor('deployment.tunnel').includes(COMMANDS.revealOtherEnd));
    assert.ok(commandsFor('deployment.group').includes(COMMANDS.deploymentSavePicture));
    assert.ok(commandsFor('deployment.suggested').includes(COMMANDS.deploymentSavePicture));
    assert.ok(!commandsFor('deployment.member').includes(COMMANDS.deploymentSavePicture));
    assert.ok(commandsFor('deployment.group').includes(COMMANDS.deploymentShowPicture));
    assert.ok(commandsFor('deployment.suggested').includes(COMMANDS.deploymentShowPicture));
    // The tree flags an instance port of a host in a deployment (the provider adds deploymentFlags to item()).
    const inDeployment = withDeployments(connected(await labTopology()), [{ name: 'solo', hosts: ['lab'] }]);
    const flagged = walk(inDeployment).filter((r) => r.node.kind === 'neutronPort').map((r) => [r.node.kind === 'neutronPort' && r.node.port.kind, r.item.contextValue + deploymentFlags(r.node, inDeployment)] as const);
    for (const [, value] of flagged) contextValues.add(value);
    assert.ok(flagged.some(([kind]) => kind === 'instance'));
    for (const [kind, value] of flagged) assert.equal(commandsFor(value).includes(COMMANDS.deploymentShowPath), kind === 'instance', value);
    assert.ok(!commandsFor(flagged.find(([kind]) => kind === 'instance')![1].replace(ACROSS_HOSTS_FLAG, '')).includes(COMMANDS.deploymentShowPath), 'not on a host in no deployment');
    assert.ok(commandsFor(ovnCv('vm1-port')).includes(COMMANDS.ovnSecurityGroups));
    // An ovs-native host (real Neutron 21 snapshot): the instance port's security groups are br-int flows.
    for (const r of walk(connected(nativeTopology(), 'native'))) contextValues.add(r.item.contextValue);
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
    // Dump flows is a read-only view there: it shows the flows saved with the snapshot (or says they were not read).
    const live = new Set<string>([...Object.values(QUERY_COMMANDS), COMMANDS.terminalOpen, COMMANDS.hostRefresh, COMMANDS.hostEdit, COMMANDS.copyCommand, COMMANDS.bridgeListPorts, COMMANDS.bridgeLink, SNAPSHOT_COMMANDS.record]);
    for (const row of rows) {
      const offered = commandsFor(OFFLINE_PREFIX + row.item.contextValue);
      for (const id of offered) assert.ok(!live.has(id), `${id} offered on offline ${row.item.contextValue}`);
    }
    const host = commandsFor(HOST_CONTEXT.offline);
    for (const id of [SNAPSHOT_COMMANDS.save, SNAPSHOT_COMMANDS.compare, SNAPSHOT_COMMANDS.close, COMMANDS.iptablesList, COMMANDS.lessonOpen]) assert.ok(host.includes(id), `offline host menu has ${id}`);
    for (const id of live) assert.ok(!host.includes(id), `offline host menu lacks ${id}`);
    const router = rows.find((r) => r.node.kind === 'namespace' && r.item.label.startsWith('qrouter-'))!.item.contextValue;
    assert.ok(commandsFor(OFFLINE_PREFIX + router).includes(COMMANDS.iptablesList));
    // The offline views of issue 17: the picture, the flow inspector, a trace on the saved topology.
    const offline = (label: string, kind: string) => commandsFor(OFFLINE_PREFIX + rows.find((r) => r.node.kind === kind && r.item.label.startsWith(label))!.item.contextValue);
    assert.ok(offline('br-int', 'ovsBridge').includes(COMMANDS.bridgeDumpFlows));
    assert.ok(offline('br-int', 'ovsBridge').includes(COMMANDS.pictureShow));
    assert.ok(offline('qrouter-', 'namespace').includes(COMMANDS.tracePacket));
    assert.ok(host.includes(COMMANDS.pictureShow));
    assert.ok(commandsFor('host.connected').includes(SNAPSHOT_COMMANDS.record));
  });
});

describe('package.json contributes: This machine, walkthrough, keyboard, settings', () => {
  const all = contributes.commands as { command: string }[];
  const declared = new Set(all.map((c) => c.command));
  const keybindings = contributes.keybindings as { command: string; key: string; when: string; args?: unknown }[];
  /** The selected-item regexes of a keybinding's `when` (keybindings cannot see viewItem). */
  const selectedPatterns = (when: string): RegExp[] =>
    [...when.matchAll(new RegExp(`${CONTEXT_KEYS.selectedItem.replace('.', '\\.')} =~ /(.+?)/(?=\\s|\\)|$)`, 'g'))].map((m) => new RegExp(m[1]!));

  it('runs where the network is: a workspace extension (on the node under Remote-SSH)', () => {
    assert.deepEqual(pkg.extensionKind, ['workspace']);
  });

  it('offers "Use This machine" in the welcome view only when this machine has Neutron pieces', () => {
    const local = (contributes.viewsWelcome as { view: string; contents: string; when?: string }[]).find((w) => w.contents.includes(COMMANDS.hostAddLocal));
    assert.ok(local, 'a welcome entry with the This machine button');
    assert.equal(local.view, VIEW_ID);
    assert.equal(local.when, CONTEXT_KEYS.localAvailable);
    assert.match(local.contents, /^\[Use This machine\]\(command:devstackNet\.host\.addLocal\)$/m);
  });

  it('has the walkthrough: five steps in order, each completed by a real event, with the product\'s own pictures', () => {
    const [walkthrough, ...others] = contributes.walkthroughs as {
      id: string;
      title: string;
      steps: { id: string; title: string; description: string; media: { image: string; altText: string }; completionEvents: string[] }[];
    }[];
    assert.equal(others.length, 0);
    assert.equal(walkthrough!.title, "Explore your DevStack's networking");
    const events = walkthrough!.steps.map((s) => s.completionEvents);
    assert.deepEqual(events, [
      [`onContext:${CONTEXT_KEYS.hasHosts}`, `onCommand:${COMMANDS.hostAdd}`, `onCommand:${COMMANDS.hostAddLocal}`],
      [`onContext:${CONTEXT_KEYS.namespacesExpanded}`],
      [`onCommand:${COMMANDS.iptablesList}`],
      [`onCommand:${COMMANDS.lessonOpen}`],
      [`onCommand:${PICTURE_SHOW_COMMAND}`],
    ]);
    const known = new Set([...declared, PICTURE_SHOW_COMMAND, `${VIEW_ID}.focus`]);
    for (const step of walkthrough!.steps) {
      for (const event of step.completionEvents.filter((e) => e.startsWith('onCommand:'))) assert.ok(known.has(event.slice('onCommand:'.length)), event);
      const links = [...step.description.matchAll(/\]\(command:([^)]+)\)/g)].map((m) => m[1]!);
      assert.ok(links.length > 0, `${step.id} has a button`);
      for (const link of links) assert.ok(known.has(link), `${step.id} links ${link}`);
      assert.match(step.media.image, /^media\/walkthrough\/[a-z-]+\.(png|svg)$/);
      const bytes = readFileSync(join(__dirname, '..', '..', '..', step.media.image));
      assert.ok(bytes.length > 1000, `${step.media.image} is a real picture`);
      assert.ok(step.media.altText.length > 10, `${step.id} media has alt text`);
    }
  });

  it('binds refresh, List iptables, Show topology and Trace packet on the focused tree item, for the nodes their menus offer them on', async () => {
    const rows = walk(connected(await labTopology()));
    const cv = (label: string, kind = 'device') => rows.find((r) => r.node.kind === kind && r.item.label.startsWith(label))!.item.contextValue!;
    const fires = (command: string, contextValue: string) =>
      keybindings.filter((k) => k.command === command).some((k) => selectedPatterns(k.when).some((re) => re.test(contextValue)));
    for (const k of keybindings) {
      assert.match(k.when, new RegExp(`^focusedView == ${VIEW_ID.replace(/\./g, '\\.')} && `), `${k.command} only in the focused Topology view`);
      assert.ok(k.command === PICTURE_SHOW_COMMAND || declared.has(k.command), k.command);
      // A keybinding gets no argument from the tree: our commands ask for the selection explicitly.
      if (selectedPatterns(k.when).length > 0) assert.equal(k.args, TREE_SELECTION_ARG, k.command);
    }
    const host = rows.find((r) => r.node.kind === 'host')!.item.contextValue!;
    assert.ok(fires(COMMANDS.hostRefresh, host));
    assert.ok(!fires(COMMANDS.hostRefresh, cv('qrouter-', 'namespace')));
    assert.ok(fires(COMMANDS.iptablesList, cv('qrouter-', 'namespace')));
    assert.ok(fires(COMMANDS.iptablesList, cv('qvb')), 'List iptables (security groups) on an instance port device');
    assert.ok(!fires(COMMANDS.iptablesList, cv('eth0')), 'not on a physical NIC');
    assert.ok(fires(PICTURE_SHOW_COMMAND, host));
    assert.ok(fires(PICTURE_SHOW_COMMAND, cv('qrouter-', 'namespace')), 'Show topology on a router namespace');
    assert.ok(fires(COMMANDS.tracePacket, cv('qvb')), 'Trace packet on an instance port device');
    assert.ok(!fires(COMMANDS.tracePacket, cv('eth0')), 'not on a physical NIC');
    assert.ok(keybindings.some((k) => k.command === COMMANDS.refresh));
    // The keys agree with the context menus: a key never fires where the menu would not offer the command.
    for (const r of rows) {
      const contextValue = r.item.contextValue ?? '';
      for (const id of [COMMANDS.iptablesList, COMMANDS.terminalOpen, COMMANDS.pictureShow, COMMANDS.tracePacket]) {
        if (fires(id, contextValue)) assert.ok(commandsFor(contextValue).includes(id), `${id} keyed on ${contextValue} but not in its menu`);
      }
    }
    const keys = keybindings.map((k) => `${k.key} ${k.when}`);
    assert.equal(new Set(keys).size, keys.length, 'no two bindings share a key and a when');
  });

  it('an ovs-native instance port offers "List security groups" (its br-int flows), never "List iptables"; hybrid ports keep List iptables', async () => {
    const titles = new Map((contributes.commands as { command: string; title: string }[]).map((c) => [c.command, c.title]));
    assert.equal(titles.get(COMMANDS.nativeSecurityGroups), 'List security groups');
    assert.equal(titles.get(COMMANDS.iptablesList), 'List iptables');
    const native = nativeTopology();
    assert.equal(native.backend.kind, 'ovs-native');
    const rows = walk(connected(native, 'native'));
    const menuOf = (kind: string, label: string) => {
      const r = rows.find((x) => x.node.kind === kind && x.item.label === label);
      assert.ok(r, `${kind} ${label}`);
      return { cv: r.item.contextValue!, menu: commandsFor(r.item.contextValue!) };
    };
    for (const [kind, label] of [['neutronPort', 'e759798f-70'], ['neutronPort', 'a299618c-8a'], ['device', 'tape759798f-70']] as const) {
      const { cv, menu } = menuOf(kind, label);
      assert.ok(menu.includes(COMMANDS.nativeSecurityGroups), `${label}: ${menu.join(', ')}`);
      assert.ok(!menu.includes(COMMANDS.iptablesList), `${label} (${cv}) has no List iptables`);
      const keyed = keybindings.filter((k) => selectedPatterns(k.when).some((re) => re.test(cv))).map((k) => k.command);
      assert.ok(keyed.includes(COMMANDS.nativeSecurityGroups) && !keyed.includes(COMMANDS.iptablesList), `${label}: ctrl+alt+i → ${keyed.join(', ')}`);
    }
    // Not on a port that has no security groups (a DHCP port), and the router namespace keeps List iptables (its NAT).
    assert.ok(!menuOf('neutronPort', '28e2cbfb-17').menu.includes(COMMANDS.nativeSecurityGroups));
    const router = rows.find((x) => x.node.kind === 'namespace' && x.item.label.startsWith('qrouter-'))!;
    assert.ok(commandsFor(router.item.contextValue!).includes(COMMANDS.iptablesList));
    // The hybrid lab: List iptables on the instance port, no List security groups.
    const hybrid = walk(connected(await labTopology()));
    const port = hybrid.find((x) => x.node.kind === 'neutronPort' && x.item.contextValue!.startsWith('neutronPort.instance'))!;
    assert.ok(commandsFor(port.item.contextValue!).includes(COMMANDS.iptablesList));
    assert.ok(!commandsFor(port.item.contextValue!).includes(COMMANDS.nativeSecurityGroups));
  });

  it('shows commands in the palette only where they make sense', () => {
    const palette = new Map((contributes.menus.commandPalette as Menu[]).map((m) => [m.command, m.when]));
    assert.equal(palette.get(COMMANDS.hostAddLocal), CONTEXT_KEYS.localAvailable);
    assert.equal(palette.get(COMMANDS.refreshCancel), CONTEXT_KEYS.refreshing);
    // Host commands leave the palette once the extension knows there is no host (unset before activation).
    for (const id of [COMMANDS.hostEdit, COMMANDS.hostRemove, COMMANDS.hostRefresh, COMMANDS.refresh, COMMANDS.iptablesList, COMMANDS.terminalOpen, ...Object.values(QUERY_COMMANDS)]) {
      assert.equal(palette.get(id), `!${CONTEXT_KEYS.noHosts}`, id);
    }
    for (const id of [COMMANDS.hostAdd, COMMANDS.lessonOpen, COMMANDS.showLog]) assert.ok(!palette.has(id), `${id} is always offered`);
    const cancel = (contributes.menus['view/title'] as Menu[]).find((m) => m.command === COMMANDS.refreshCancel)!;
    assert.equal(cancel.when, `view == ${VIEW_ID} && ${CONTEXT_KEYS.refreshing}`);
  });

  it('describes every setting with its type and range, and the code keeps values to that range', () => {
    const props = contributes.configuration.properties as Record<string, { type: string; minimum?: number; maximum?: number; default: unknown; markdownDescription?: string; description?: string }>;
    for (const [key, p] of Object.entries(props)) assert.ok((p.markdownDescription ?? p.description ?? '').length > 20, key);
    const ranged = Object.entries(props).filter(([, p]) => p.type === 'integer' || p.type === 'number');
    assert.deepEqual(ranged.map(([k]) => k).sort(), ['devstackNet.autoRefreshIntervalSeconds', 'devstackNet.commandTimeoutSeconds', 'devstackNet.maxOutputMB']);
    for (const [key, p] of ranged) {
      const name = key.replace('devstackNet.', '') as 'autoRefreshIntervalSeconds' | 'commandTimeoutSeconds' | 'maxOutputMB';
      assert.equal(p.type, 'integer', key);
      assert.ok(p.minimum !== undefined && p.maximum !== undefined && p.minimum < p.maximum, `${key} has a range`);
      assert.equal(parseSettings({ [name]: p.maximum })[name], p.maximum, `${key} keeps its maximum`);
      assert.equal(parseSettings({ [name]: p.minimum })[name], p.minimum, `${key} keeps its minimum`);
      assert.equal(parseSettings({ [name]: p.maximum! + 1 })[name], p.default, `${key} above the range falls back`);
      assert.equal(parseSettings({ [name]: p.minimum! - 1 })[name], p.default, `${key} below the range falls back`);
    }
  });

  it('edits the host list in the Settings UI with a schema for its items, and both kinds load', () => {
    const items = contributes.configuration.properties['devstackNet.hosts'].items;
    assert.equal(items.type, 'object');
    assert.deepEqual(items.required, ['alias']);
    assert.deepEqual(Object.keys(items.properties).sort(), ['alias', 'kind', 'ovnNorthbound', 'ovnSouthbound', 'sshConfigFile', 'sudo', 'target']);
    assert.deepEqual(items.properties.kind.enum, ['ssh', 'local']);
    assert.equal(items.properties.kind.enumDescriptions.length, 2);
    for (const [name, p] of Object.entries(items.properties as Record<string, { description: string }>)) assert.ok(p.description.length > 10, name);
    assert.deepEqual(items.if, { properties: { kind: { const: 'local' } }, required: ['kind'] });
    assert.deepEqual(items.else.required, ['alias', 'target']);
    const s = parseSettings({ hosts: [{ alias: 'old', target: 'stack@old' }, { alias: 'This machine', kind: 'local' }] });
    assert.deepEqual(s.problems, []);
    assert.deepEqual(s.hosts.map((h) => h.kind ?? 'ssh'), ['ssh', 'local']);
  });
});
