// The live deployment picture in the picture panel: its target and title, the messages that carry it (clusters
// kept), the way its elements lead back to each host's tree (reveal, tooltips, the tree's menus), and where the
// tree offers "Show Deployment Picture" / "Show Path Across Hosts". Real input: the derived pair of
// test/fixtures/deployment/README.md (the real hybrid lab as controller, without its router as compute1).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PictureTargetSchema, ToExtensionSchema, ToWebviewSchema } from '../../../src/core/messages/picture';
import type { Topology } from '../../../src/core/model/types';
import { deploymentAsPicture, deploymentPicture } from '../../../src/core/picture/deployment';
import { deploymentElement, deploymentTooltips, hostOfElement } from '../../../src/core/picture/deployment-link';
import { layoutPicture } from '../../../src/core/picture/layout';
import { treeMenu, type CommandTitle, type MenuEntry } from '../../../src/core/picture/menus';
import { pathHighlight } from '../../../src/core/picture/svg';
import { deploymentTarget, pictureTitle } from '../../../src/core/picture/target';
import { deploymentFlags, deploymentOfHost, item, withDeployments, type HostView, type ViewState } from '../../../src/core/view';
import { COMMANDS, VIEW_ID } from '../../../src/core/view/constants';
import { ids } from '../../../src/core/view/ids';
import { derivedPair } from '../deployment/fixtures';
import { walk } from '../view/walk';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuEntry[]>; commands: CommandTitle[] } };
const entries = pkg.contributes.menus['view/item/context']!;
const m = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovs-hybrid', 'manifest-fidelity.json'), 'utf8')) as { instancePorts: { prefix11: string; fixedIp: string }[] };
const vm1 = m.instancePorts.find((p) => p.fixedIp === '10.0.0.23')!;
const QR = 'qr-2734c49e-b1';
const QROUTER = 'qrouter-620cc7ab-34b7-476c-8f90-0ac10621915a';

const view = (alias: string, topology: Topology): HostView => ({ alias, target: alias, status: 'connected', error: null, topology });
const menuOf = (contextValue: string) => treeMenu(contextValue, VIEW_ID, entries, pkg.contributes.commands).map((c) => c.title);

describe('picture panel: a deployment', () => {
  let views: HostView[];
  before(async () => {
    const pair = await derivedPair();
    views = [view('controller', pair.controller), view('compute1', pair.compute)];
  });
  const spec = { name: 'lab', hosts: ['controller', 'compute1'] };
  const graphOf = (port?: { alias: string; id: string }) => {
    const t = deploymentTarget(spec, port);
    assert.equal(t.focus.kind, 'deployment');
    return deploymentAsPicture(deploymentPicture(views, t.focus as Parameters<typeof deploymentPicture>[1]));
  };

  it('targets one panel per deployment, titled by the deployment (and the port), and both schemas take it', () => {
    const whole = deploymentTarget(spec);
    const path = deploymentTarget(spec, { alias: 'compute1', id: 'c54a2687-58aa-4b4b-8a8e-0d7c3b4d0c11' });
    assert.equal(whole.alias, 'deployment:lab');
    assert.equal(path.alias, whole.alias, 'the same panel, retargeted');
    assert.equal(pictureTitle(whole), 'Deployment: lab · controller, compute1');
    assert.equal(pictureTitle(path), 'Deployment: lab · path of port c54a2687-58 from compute1');
    assert.deepEqual(PictureTargetSchema.parse(path), path);
    assert.ok(ToExtensionSchema.safeParse({ type: 'focus', focus: whole.focus }).success, '"Whole deployment" posts the deployment focus');
    assert.ok(!PictureTargetSchema.safeParse({ ...whole, focus: { ...whole.focus, hosts: [] } }).success, 'a deployment has hosts');
  });

  it('sends the laid-out picture with its host clusters to the webview (the schema keeps them)', async () => {
    const layout = await layoutPicture(graphOf({ alias: 'compute1', id: vm1.prefix11 }));
    const message = { type: 'picture', target: deploymentTarget(spec, { alias: 'compute1', id: vm1.prefix11 }), layout: { ...layout, graph: { ...layout.graph, nodes: [], edges: [] } }, tooltips: {}, menus: {}, groups: [], logicalAvailable: false, takenAt: null };
    const parsed = ToWebviewSchema.parse(message);
    assert.equal(parsed.type, 'picture');
    if (parsed.type !== 'picture') return;
    assert.deepEqual(parsed.layout.clusters!.map((c) => c.cluster.label), ['controller', 'compute1']);
    assert.deepEqual(parsed.layout.graph.clusters!.map((c) => c.id), ['host/controller', 'host/compute1']);
    // The path across hosts lights the compute's tap, the tunnel link and the controller's router (what the e2e checks).
    const lit = pathHighlight(layout)!;
    const tunnel = layout.edges.find((e) => e.edge.kind === 'tunnel')!;
    for (const id of [ids.port('compute1', vm1.prefix11), ids.ovsPort('compute1', 'br-tun', 'vxlan-0a00644d'), tunnel.edge.id, ids.ovsPort('controller', 'br-tun', 'vxlan-0a006458'), ids.namespace('controller', QROUTER)]) {
      assert.ok(lit.has(id), `${id} is lit`);
    }
  });

  it('leads each element back to its own host\'s tree node, with that host\'s tooltip and menus', () => {
    const g = graphOf({ alias: 'compute1', id: vm1.prefix11 });
    const compute = ids.ovsPort('compute1', 'br-tun', 'vxlan-0a00644d');
    const controller = ids.ovsPort('controller', 'br-tun', 'vxlan-0a006458');
    assert.equal(hostOfElement(g, spec.hosts, compute), 'compute1');
    assert.equal(hostOfElement(g, spec.hosts, ids.namespace('controller', QROUTER)), 'controller');
    assert.equal(hostOfElement(g, spec.hosts, 'deployment/tunnel/nothing'), null);
    const a = deploymentElement(g, views, compute)!;
    assert.deepEqual([a.host.alias, a.node.kind, a.node.id], ['compute1', 'ovsPort', compute]);
    const b = deploymentElement(g, views, ids.namespace('controller', QROUTER))!;
    assert.deepEqual([b.host.alias, b.node.kind, b.node.id], ['controller', 'namespace', ids.namespace('controller', QROUTER)]);
    assert.ok(menuOf(item(a.node).contextValue).includes('Reveal Other End of Tunnel'), 'the tunnel port keeps the tree\'s menu');
    const tips = deploymentTooltips(g, views);
    assert.match(tips[compute]!, /vxlan-0a00644d/);
    assert.match(tips[compute]!, /10\.0\.100\.77/);
    assert.match(tips[ids.ovsPort('controller', 'br-int', QR)]!, new RegExp(QR));
    assert.ok(!('undefined' in tips));
    assert.ok(tips[controller], 'the controller\'s tunnel port has its tree tooltip');
  });

  it('the tree offers Show Deployment Picture on configured and suggested deployments, Show Path Across Hosts on their instance ports', () => {
    const hosts: ViewState = { hosts: views, options: { hideLoopback: true, hideEmptyGroups: true } };
    const when = (command: string) => new RegExp(/viewItem =~ \/(.+?)\//.exec(entries.find((e) => e.command === command)!.when!)![1]!);
    const showPicture = when(COMMANDS.deploymentShowPicture), showPath = when(COMMANDS.deploymentShowPath);
    for (const [state, name] of [[withDeployments(hosts, [spec]), 'Deployment lab'], [withDeployments(hosts, []), 'Suggested deployment: controller + compute1']] as const) {
      const rows = walk(state);
      assert.deepEqual(rows.filter((r) => showPicture.test(r.item.contextValue)).map((r) => r.item.label), [name]);
      const offered = rows.filter((r) => showPath.test(r.item.contextValue + deploymentFlags(r.node, state))).map((r) => `${r.node.alias} ${r.item.label}`);
      const instances = rows.filter((r) => r.node.kind === 'neutronPort' && r.node.port.kind === 'instance').map((r) => `${r.node.alias} ${r.item.label}`);
      assert.ok(instances.length >= 2);
      assert.deepEqual(offered, instances, 'on every instance port of the deployment\'s hosts, nothing else');
    }
    const alone = withDeployments({ hosts: [views[1]!], options: hosts.options }, []);
    assert.equal(deploymentOfHost(alone, 'compute1'), undefined);
    assert.ok(!walk(alone).some((r) => showPath.test(r.item.contextValue + deploymentFlags(r.node, alone))), 'not on a host in no deployment');
    // A configured deployment wins over a suggestion for the same host.
    assert.equal(deploymentOfHost(withDeployments(hosts, [spec]), 'compute1')!.spec.name, 'lab');
  });
});
