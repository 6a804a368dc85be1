// "Trace packet…" on an OVN port, router or NAT row: the same packet tracer as every back end
// (devstackNet.trace.packet, its prefilled choices and its trace panel), which runs the real ovn-trace.
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/view/constants';
import type { Deps, Handlers } from './deps';

export function ovnTraceCommands(_deps: Deps): Handlers {
  return {
    [COMMANDS.ovnTrace]: async (arg) => {
      await vscode.commands.executeCommand(COMMANDS.tracePacket, arg);
    },
  };
}
