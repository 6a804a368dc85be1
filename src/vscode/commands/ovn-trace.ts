// "Trace packet…" on an OVN port: the user picks protocol, destination and port; the inport is
// the port; the real ovn-trace runs on the host and the result opens in words (markdown).
import * as vscode from 'vscode';
import { run } from '../../core/command';
import { ovnTraceSpec, traceReport, traceRequestFor } from '../../core/backends/ovn/trace';
import { quoteArgv } from '../../core/shell/quote';
import { COMMANDS } from '../../core/view/constants';
import type { Deps, Handlers } from './deps';
import { isNode } from './pick';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function ovnTraceCommands(deps: Deps): Handlers {
  return {
    [COMMANDS.ovnTrace]: async (arg) => {
      if (!isNode(arg) || arg.kind !== 'ovn' || arg.part.what !== 'switchPort') return;
      const port = arg.part.port;
      const ovn = deps.sessions.view(arg.alias)?.topology?.ovn;
      if (!ovn) return void vscode.window.showInformationMessage('No OVN data for this host: refresh it.');
      const protocol = (await vscode.window.showQuickPick(['tcp', 'udp', 'icmp'], { title: `Trace from ${port.portName ?? port.name}: protocol` })) as 'tcp' | 'udp' | 'icmp' | undefined;
      if (!protocol) return;
      const destination = await vscode.window.showInputBox({
        title: 'Destination IPv4 address', placeHolder: 'e.g. a floating IP or an instance address',
        validateInput: (v) => (IPV4.test(v.trim()) ? null : 'an IPv4 address'),
      });
      if (!destination) return;
      let dstPort: number | null = null;
      if (protocol !== 'icmp') {
        const text = await vscode.window.showInputBox({ title: `Destination ${protocol.toUpperCase()} port`, value: '22', validateInput: (v) => (/^\d+$/.test(v) && +v >= 1 && +v <= 65535 ? null : '1-65535') });
        if (!text) return;
        dstPort = Number(text);
      }
      const request = traceRequestFor(ovn, port.name, { protocol, destination: destination.trim(), port: dstPort });
      if (typeof request === 'string') return void vscode.window.showWarningMessage(`Cannot trace: ${request}.`);
      const spec = ovnTraceSpec(request, deps.sessions.sudo(arg.alias));
      const trace = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `${arg.alias}: ${spec.label}` },
        () => run(deps.sessions.runner(arg.alias), spec, { timeoutMs: deps.sessions.timeoutMs() }),
      );
      const doc = await vscode.workspace.openTextDocument({ content: traceReport(trace, ovn, quoteArgv(spec.argv)), language: 'markdown' });
      await vscode.window.showTextDocument(doc, { preview: false });
    },
  };
}
