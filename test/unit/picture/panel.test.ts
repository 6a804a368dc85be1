// The picture's links to the tree and the webview: targets from tree nodes, the tree's
// own menus and tooltips per element, messages that pass the schema, the DOM builder.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LayoutSchema, ToExtensionSchema, ToWebviewSchema } from '../../../src/core/messages/picture';
import type { Topology } from '../../../src/core/model/types';
import { picture } from '../../../src/core/picture';
import { layoutPicture } from '../../../src/core/picture/layout';
import { evaluateWhen, treeMenu, type CommandTitle, type MenuEntry } from '../../../src/core/picture/menus';
import { pictureSvg } from '../../../src/core/picture/svg';
import { pictureTargetOf } from '../../../src/core/picture/target';
import { elementRefs, tooltips, treeNodeOf } from '../../../src/core/picture/tree-link';
import { children, item, type HostView, type TreeNode } from '../../../src/core/view';
import { VIEW_ID } from '../../../src/core/view/constants';
import { materializeSvg } from '../../../webview/lib/svg-dom';
import { connected, walk } from '../view/walk';
import { labTopology } from './fixtures';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, MenuEntry[]>; commands: CommandTitle[] };
};
const entries = manifest.contributes.menus['view/item/context']!;
const titles = manifest.contributes.commands;

describe('picture ↔ tree', () => {
  let t: Topology;
  let host: HostView;
  before(async () => {
    t = await labTopology();
    host = connected(t).hosts[0]!;
  });

  it('maps every element with a tree object to the tree node of the same id', () => {
    const g = picture(t, 'lab', { focus: { kind: 'host' } });
    const treeIds = new Set(walk(connected(t, 'lab', { hideLoopback: true, hideEmptyGroups: false })).map((r) => r.item.id));
    const refs = elementRefs(g);
    assert.ok(refs.size > 20);
    for (const [id, ref] of refs) {
      const node = treeNodeOf(host, ref);
      assert.ok(node, `${id} has a tree node`);
      // The VM stands for its Neutron port; everything else is the tree's own object.
      assert.equal(node.id, id.includes('/floating/') ? node.id : id);
      assert.ok(treeIds.has(node.id), `${node.id} is a row of the tree`);
    }
  });

  it("offers the tree's own commands on right-click and its tooltips on hover", () => {
    const g = picture(t, 'lab', { focus: { kind: 'host' } });
    const qrouter = g.nodes.find((n) => n.label.startsWith('qrouter-'))!;
    const menu = treeMenu(item(treeNodeOf(host, qrouter.ref!)!).contextValue, VIEW_ID, entries, titles).map((c) => c.command);
    for (const c of ['devstackNet.iptables.list', 'devstackNet.query.ipAddr', 'devstackNet.terminal.open', 'devstackNet.copy.name', 'devstackNet.picture.show']) assert.ok(menu.includes(c), c);
    assert.ok(!menu.includes('devstackNet.host.remove'));
    assert.equal(new Set(menu).size, menu.length, 'each command once');
    const tips = tooltips(host, g);
    assert.match(tips[qrouter.id]!, /^qrouter-.*\nqrouter-<router id>: a Neutron router/);
    assert.match(tips[qrouter.id]!, /NAT: 1 floating IP\n {2}172\.24\.4\.11 ↔ 10\.0\.0\.3/);
    assert.ok(!/\\[.\-]/.test(tips[qrouter.id]!), 'markdown escapes are gone');
  });

  it('understands the when-clause forms of the manifest', () => {
    const ctx = { view: VIEW_ID, viewItem: 'namespace.qrouter;uuid' };
    assert.equal(evaluateWhen(`view == ${VIEW_ID} && viewItem =~ /^(host|namespace)\\./`, ctx), true);
    assert.equal(evaluateWhen(`view == ${VIEW_ID} && viewItem =~ /;peer/`, ctx), false);
    assert.equal(evaluateWhen(`view == ${VIEW_ID} && (viewItem =~ /^x/ || viewItem =~ /;uuid/)`, ctx), true);
    assert.equal(evaluateWhen('view == other', ctx), false);
  });

  it('shows the topology focused on what the tree node is', () => {
    const rows = walk(connected(t, 'lab', { hideLoopback: true, hideEmptyGroups: false }));
    const focusOf = (pred: (n: TreeNode) => boolean) => pictureTargetOf(rows.find((r) => pred(r.node))!.node).focus;
    assert.deepEqual(focusOf((n) => n.kind === 'host'), { kind: 'host' });
    const instance = t.ports.find((p) => p.kind === 'instance')!;
    assert.deepEqual(focusOf((n) => n.kind === 'neutronPort' && n.port.kind === 'instance'), { kind: 'port', id: instance.id });
    const router = t.namespaces.find((n) => n.kind === 'qrouter')!;
    assert.deepEqual(focusOf((n) => n.kind === 'namespace' && n.namespace.kind === 'qrouter'), { kind: 'router', id: router.uuid });
    const network = t.namespaces.find((n) => n.kind === 'qdhcp')!;
    assert.deepEqual(focusOf((n) => n.kind === 'namespace' && n.namespace.kind === 'qdhcp'), { kind: 'network', id: network.uuid });
    assert.deepEqual(focusOf((n) => n.kind === 'ovsBridge'), { kind: 'host' });
    assert.ok(children(undefined, connected(t)).length === 1);
  });

  it('sends layouts that pass the message schema, and accepts only known messages back', async () => {
    const layout = await layoutPicture(picture(t, 'lab', { focus: { kind: 'host' } }));
    assert.ok(LayoutSchema.safeParse(layout).success);
    const message = { type: 'picture', target: { alias: 'lab', focus: { kind: 'host' }, view: 'physical' }, layout, tooltips: {}, menus: {}, groups: [], logicalAvailable: false, takenAt: 1 };
    assert.ok(ToWebviewSchema.safeParse(message).success);
    assert.ok(ToExtensionSchema.safeParse({ type: 'reveal', id: 'host/lab/ns/x' }).success);
    assert.ok(!ToExtensionSchema.safeParse({ type: 'png', dataUrl: 'javascript:alert(1)' }).success);
    assert.ok(!ToExtensionSchema.safeParse({ type: 'run', command: 'rm' }).success);
  });

  it('builds the webview SVG with createElementNS and text nodes only', async () => {
    const layout = await layoutPicture(picture(t, 'lab', { focus: { kind: 'host' } }));
    const calls: string[] = [];
    const texts: string[] = [];
    const doc = {
      createElementNS: (ns: string, tag: string) => {
        calls.push(`${ns} ${tag}`);
        return { setAttribute: (name: string) => calls.push(`@${name}`), append: () => undefined };
      },
      createTextNode: (text: string) => {
        texts.push(text);
        return {};
      },
    };
    materializeSvg(pictureSvg(layout), doc);
    assert.ok(calls.every((c) => c.startsWith('@') || c.startsWith('http://www.w3.org/2000/svg ')));
    assert.ok(!calls.includes('@xmlns'), 'the namespace comes from createElementNS');
    assert.ok(texts.includes('br-int'));
    assert.throws(() => materializeSvg({ tag: 'foreignObject', attrs: {}, children: [] }, doc), /not allowed/);
    assert.throws(() => materializeSvg({ tag: 'g', attrs: { onload: 'x' }, children: [] }, doc), /not allowed/);
  });
});
