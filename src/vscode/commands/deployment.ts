// "Save Deployment Picture as SVG…": the deployment's hosts side by side with the tunnels between them
// (src/core/picture/deployment.ts), from each host's last refresh.
// "Show Deployment Picture": the same, live, in the picture panel (redrawn when the hosts refresh);
// "Show Path Across Hosts" on an instance port: its path through the tunnel to the host with its router.
// "Reveal Other End of Tunnel": from a tunnel port (a deployment's Tunnels row or the host's own OVS port)
// to the tunnel port of the configured host at the other end, or to that host when it has none back.
import * as vscode from 'vscode';
import { deploymentOfHost, hostNode, locate, otherEnd, type TreeNode } from '../../core/view';
import { deploymentTarget } from '../../core/picture/target';
import { deploymentPicture } from '../../core/picture/deployment';
import { layoutDeployment, svgFile } from '../../core/picture/render';
import { COMMANDS } from '../../core/view/constants';
import { updateListSetting } from '../settings';
import type { Deps, Handlers } from './deps';
import { isNode } from './pick';
import { revealNode } from './reveal';

/** The tunnel port a node stands for: (host, bridge, port). */
function tunnelOf(node: TreeNode): { alias: string; bridge: string; port: string } | null {
  if (node.kind === 'ovsPort') return { alias: node.alias, bridge: node.port.bridge, port: node.port.name };
  if (node.kind === 'deployment' && node.part.what === 'tunnel') {
    const p = node.part.resolution.port;
    return { alias: p.alias, bridge: p.bridge, port: p.name };
  }
  return null;
}

/** Appends a deployment to devstackNet.deployments where the setting is defined (else user settings). */
function saveDeployment(name: string, hosts: readonly string[]): Promise<void> {
  return updateListSetting('deployments', (entries) => [...entries, { name, hosts: [...hosts] }]);
}

export function deploymentCommands(deps: Deps): Handlers {
  const { sessions, treeView, provider } = deps;
  /** Connects the hosts never read yet (as expanding the deployment does), then shows the picture. */
  const show = async (target: ReturnType<typeof deploymentTarget>, hosts: readonly string[]) => {
    sessions.connectIdle(hosts);
    deps.log.info(`[${target.alias}] show deployment picture: ${JSON.stringify(target.focus)}`);
    await deps.picture.show(target);
  };
  return {
    [COMMANDS.deploymentShowPicture]: async (arg) => {
      if (!isNode(arg) || arg.kind !== 'deployment' || arg.part.what !== 'deployment') return;
      await show(deploymentTarget(arg.deployment.spec), arg.deployment.spec.hosts);
    },
    [COMMANDS.deploymentShowPath]: async (arg) => {
      if (!isNode(arg) || arg.kind !== 'neutronPort') return void vscode.window.showInformationMessage('Pick an instance port in the tree.');
      const d = deploymentOfHost(provider.viewState(), arg.alias);
      if (!d) return void vscode.window.showInformationMessage(`${arg.alias} is in no deployment (configured in devstackNet.deployments, or suggested from its tunnels).`);
      await show(deploymentTarget(d.spec, { alias: arg.alias, id: arg.port.id ?? arg.port.prefix }), d.spec.hosts);
    },
    [COMMANDS.deploymentSave]: async (arg) => {
      if (!isNode(arg) || arg.kind !== 'deployment' || !arg.deployment.suggested) return;
      const taken = new Set(sessions.current.deployments.map((d) => d.name));
      const name = await vscode.window.showInputBox({
        title: `Save ${arg.deployment.spec.hosts.join(', ')} as a deployment`,
        prompt: 'A name for the deployment (devstackNet.deployments)',
        value: 'lab',
        validateInput: (v) => (v.trim() === '' ? 'A name is needed' : taken.has(v.trim()) ? `"${v.trim()}" is taken` : undefined),
      });
      if (name === undefined) return;
      await saveDeployment(name.trim(), arg.deployment.spec.hosts);
    },
    [COMMANDS.deploymentSavePicture]: async (arg) => {
      if (!isNode(arg) || arg.kind !== 'deployment' || arg.part.what !== 'deployment') return;
      const spec = arg.deployment.spec;
      const hosts = spec.hosts.map((alias) => ({ alias, topology: sessions.view(alias)?.topology ?? null }));
      const graph = deploymentPicture(hosts, { kind: 'deployment', name: spec.name, hosts: spec.hosts });
      const text = svgFile(await layoutDeployment(graph), await deps.picture.svgCss());
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const uri = await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, `deployment-${spec.name.replace(/[^A-Za-z0-9._-]/g, '_')}.svg`) : undefined,
        filters: { 'SVG image': ['svg'] },
        title: `Save the picture of ${spec.hosts.join(', ')} as SVG`,
      });
      if (!uri) return;
      await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
      deps.log.info(`deployment picture saved: ${uri.toString()}${graph.notes.map((n) => `\n  note: ${n}`).join('')}`);
      void vscode.window.showInformationMessage(`Deployment picture saved: ${uri.scheme === 'file' ? uri.fsPath : uri.toString()}`);
    },
    [COMMANDS.revealOtherEnd]: async (arg) => {
      const tunnel = isNode(arg) ? tunnelOf(arg) : null;
      if (!tunnel) return void vscode.window.showInformationMessage('Pick a tunnel port (vxlan-, gre- or ovn-…) in the tree.');
      const found = otherEnd(provider.viewState(), tunnel.alias, tunnel.bridge, tunnel.port);
      if ('message' in found) return void vscode.window.showInformationMessage(found.message);
      const host = sessions.view(found.alias);
      if (!host) return void vscode.window.showInformationMessage(`Host ${found.alias} is not configured.`);
      const target = (found.target && locate(host, found.target)) ?? hostNode(host);
      if (!found.target) void vscode.window.showInformationMessage(`${tunnel.port} leads to ${found.alias}, which has no tunnel port back in its last refresh.`);
      await revealNode(treeView, target);
    },
  };
}
