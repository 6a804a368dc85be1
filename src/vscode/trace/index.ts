// "Trace packet…": on an instance port (from the guest) or a router gateway / qrouter (from outside, to a
// floating IP); protocol, destination and port picked with prefilled choices; the result in a trace panel.
import * as vscode from 'vscode';
import { z } from 'zod';
import { parseTraceTarget } from '../../core/trace/request';
import { defaultPort, destinationChoices, PROTOCOLS, sourceChoices, traceSourceOf } from '../../core/trace/choices';
import type { TraceRequest, TraceSource } from '../../core/trace/types';
import type { TreeNode } from '../../core/view';
import { COMMANDS } from '../../core/view/constants';
import type { ChainInspector } from '../chain-inspector';
import type { TopologyPicture } from '../picture';
import { messageOf, showFailure } from '../errors';
import type { ExtensionServices } from '../services';
import { PanelRegistry, webviewOptions } from '../webview/panel';
import { TRACE_VIEW_TYPE, TracePanel } from './panel';

/** A direct argument (tests, links): the host and the whole request, no questions asked. */
const DirectSchema = z.object({
  alias: z.string(),
  request: z.object({
    from: z.union([z.object({ kind: z.literal('outside') }), z.object({ kind: z.literal('port'), port: z.string() })]),
    to: z.string(),
    proto: z.enum(['icmp', 'tcp', 'udp']),
    port: z.number().int().min(1).max(65535).nullable(),
  }),
});

const isNode = (v: unknown): v is TreeNode => typeof v === 'object' && v !== null && typeof (v as TreeNode).kind === 'string' && typeof (v as TreeNode).alias === 'string';

async function ask(services: ExtensionServices, alias: string, given: TraceSource | undefined): Promise<TraceRequest | undefined> {
  const topology = services.host(alias)?.topology ?? (await services.refresh(alias));
  let source = given;
  if (source === undefined) {
    const picked = await vscode.window.showQuickPick(sourceChoices(topology), { title: 'Trace packet: from', placeHolder: 'An instance port, or outside' });
    if (!picked) return undefined;
    source = picked.source;
  }
  const proto = await vscode.window.showQuickPick(
    PROTOCOLS.map((p) => ({ label: p, description: p === 'icmp' ? 'ping' : p === 'tcp' ? 'a connection (ssh, http…)' : 'a datagram (dns…)' })),
    { title: 'Trace packet: protocol' },
  );
  if (!proto) return undefined;
  const other = { label: 'Other address…', description: 'type an IPv4 address[:port]', value: '' };
  const dest = await vscode.window.showQuickPick([...destinationChoices(topology, source), other], { title: 'Trace packet: to', placeHolder: 'The destination' });
  if (!dest) return undefined;
  const typed = dest === other ? await vscode.window.showInputBox({ title: 'Trace packet: to', prompt: 'IPv4 address, optionally :port', validateInput: (v) => (parseTraceTarget(v) === null ? 'an IPv4 address, optionally :port' : undefined) }) : dest.value;
  if (!typed) return undefined;
  const target = parseTraceTarget(typed);
  if (target === null) return undefined;
  const p = proto.label as TraceRequest['proto'];
  let port: number | null = null;
  if (p !== 'icmp') {
    const value = await vscode.window.showInputBox({
      title: 'Trace packet: destination port',
      value: String(target.port ?? defaultPort(p, typed)),
      validateInput: (v) => (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : 'a port from 1 to 65535'),
    });
    if (value === undefined) return undefined;
    port = Number(value);
  }
  return { from: source, to: target.ip, proto: p, port };
}

/** `fromKeyboard` turns a keybinding's "the tree's selection" argument into the selected node. */
export function registerTrace(
  context: vscode.ExtensionContext,
  services: ExtensionServices,
  inspector: ChainInspector,
  fromKeyboard: (arg: unknown) => unknown = (arg) => arg,
  picture?: TopologyPicture,
): void {
  const panels = new PanelRegistry<TracePanel>();
  const show = async (alias: string, request: TraceRequest): Promise<void> => {
    const existing = panels.get(alias);
    if (existing !== undefined) return existing.retarget(request);
    const panel = vscode.window.createWebviewPanel(TRACE_VIEW_TYPE, 'Trace', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, webviewOptions(context.extensionUri));
    const trace = new TracePanel(context, services, inspector, panel, alias, request, picture ? (target) => picture.show(target) : undefined);
    panels.set(alias, trace);
    trace.onDidDispose(() => panels.delete(alias, trace));
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.tracePacket, async (given: unknown) => {
      const arg = fromKeyboard(given);
      try {
        const direct = DirectSchema.safeParse(arg);
        if (direct.success) return await show(direct.data.alias, direct.data.request);
        const fromNode = isNode(arg) ? traceSourceOf(arg) : undefined;
        const alias = fromNode?.alias ?? (isNode(arg) ? arg.alias : services.selectedHost());
        if (alias === undefined) return void vscode.window.showInformationMessage('Add a DevStack host first.');
        const request = await ask(services, alias, fromNode?.source);
        if (request !== undefined) await show(alias, request);
      } catch (e) {
        services.log.error(`${COMMANDS.tracePacket}: ${messageOf(e)}`);
        await showFailure('trace.packet', e, services.log);
      }
    }),
    new vscode.Disposable(() => panels.values().forEach((p) => p.dispose())),
  );
}
