// Saved snapshots in VS Code: Save snapshot…, Open snapshot… (an offline host), Compare with…,
// Record change, Close snapshot. The file format, loading, anonymising and the diff are in src/core.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { version as productVersion } from '../../../package.json';
import { diffTopologies } from '../../core/diff';
import { diffDocument, type DiffSide } from '../../core/diff/document';
import type { Topology } from '../../core/model/types';
import { FILE_SUFFIX } from '../../core/snapshot-file/format';
import { openSnapshotText } from '../../core/snapshot-file/load';
import { createSnapshotFile, serialiseSnapshot, suggestedFileName } from '../../core/snapshot-file/save';
import { takenAtWords } from '../../core/view/item-status';
import { SNAPSHOT_COMMANDS, VIEW_ID } from '../../core/view/constants';
import type { Deps, Handlers } from '../commands/deps';
import { isNode, pickHost } from '../commands/pick';
import type { HostSessions } from '../hosts/sessions';
import type { DiffDocuments } from './diff-documents';

const FILTERS = { 'DevStack Network snapshot': ['json'] };

export function snapshotCommands(deps: Deps, diffs: DiffDocuments): Handlers {
  const { sessions, log } = deps;
  const aliasOf = async (arg: unknown, placeHolder: string) =>
    isNode(arg) ? arg.alias : typeof arg === 'string' ? arg : pickHost(sessions, placeHolder);

  return {
    [SNAPSHOT_COMMANDS.save]: async (arg) => {
      const alias = await aliasOf(arg, 'Save a snapshot of which host?');
      if (!alias) return;
      if (!sessions.saved(alias)) await sessions.refresh(alias);
      const saved = sessions.saved(alias);
      if (!saved) throw new Error(`${alias} has no snapshot to save yet (refresh it first)`);
      const how = await vscode.window.showQuickPick(
        [
          { label: 'Save as it is', anonymise: false, detail: `Raw output of the snapshot and ${saved.reads.length} on-demand read(s); no secrets.` },
          { label: 'Save anonymised', anonymise: true, detail: 'Every IP/MAC address and host name replaced consistently: for a public bug report.' },
        ],
        { placeHolder: `Save the snapshot of ${alias} taken ${takenAtWords(saved.topology.takenAt)}` },
      );
      if (!how) return;
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = suggestedFileName(saved.spec.alias, saved.topology.takenAt);
      const uri = await vscode.window.showSaveDialog({ filters: FILTERS, title: 'Save snapshot', ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}) });
      if (!uri) return;
      const file = createSnapshotFile(
        { alias: saved.spec.alias, target: saved.spec.target, sudo: saved.spec.sudo ?? true, productVersion, raw: saved.raw, topology: saved.topology, reads: saved.reads },
        { anonymise: how.anonymise },
      );
      await vscode.workspace.fs.writeFile(uri, Buffer.from(serialiseSnapshot(file), 'utf8'));
      log.info(`[${alias}] snapshot saved to ${uri.fsPath}${how.anonymise ? ' (anonymised)' : ''}`);
      void vscode.window.showInformationMessage(`Snapshot of ${alias} saved: ${path.basename(uri.fsPath)}${how.anonymise ? ' (anonymised)' : ''}.`);
      return uri;
    },

    [SNAPSHOT_COMMANDS.open]: async (arg) => {
      const uri = arg instanceof vscode.Uri ? arg : (await vscode.window.showOpenDialog({ filters: FILTERS, canSelectMany: false, title: 'Open snapshot' }))?.[0];
      if (!uri) return;
      return openAsOfflineHost(sessions, uri, log);
    },

    [SNAPSHOT_COMMANDS.close]: async (arg) => {
      const alias = await aliasOf(arg, 'Close which snapshot?');
      if (alias && sessions.isOffline(alias)) sessions.forget(alias);
    },

    [SNAPSHOT_COMMANDS.compare]: async (arg) => {
      const first = await aliasOf(arg, 'Compare which host or snapshot?');
      if (!first) return;
      const others = sessions.specs().filter((s) => s.alias !== first);
      const picked = await vscode.window.showQuickPick(
        [
          ...others.map((s) => ({ label: s.alias, description: sessions.isOffline(s.alias) ? 'offline snapshot' : 'live host', alias: s.alias as string | undefined })),
          { label: '$(folder-opened) Snapshot file…', description: `a *${FILE_SUFFIX} file`, alias: undefined },
        ],
        { placeHolder: `Compare ${first} with…` },
      );
      if (!picked) return;
      const second = picked.alias ?? (await vscode.commands.executeCommand<string | undefined>(SNAPSHOT_COMMANDS.open));
      if (!second) return;
      return compareHosts(sessions, diffs, first, second);
    },

    [SNAPSHOT_COMMANDS.record]: async (arg) => {
      const alias = await aliasOf(arg, 'Record a change on which host?');
      if (!alias) return;
      if (sessions.isOffline(alias)) throw new Error(`Record change needs the live host: "${alias}" is an offline snapshot`);
      await sessions.refresh(alias);
      const saved = sessions.saved(alias)!;
      const file = createSnapshotFile({ alias: saved.spec.alias, target: saved.spec.target, sudo: saved.spec.sudo ?? true, productVersion, raw: saved.raw, topology: saved.topology, reads: [] });
      const before = sessions.addOffline(`before change on ${alias}`, file, saved.topology);
      const done = await waitForDone(alias);
      if (!done) {
        sessions.forget(before);
        return;
      }
      return compareHosts(sessions, diffs, before, alias);
    },
  };
}

/** Reads, validates and adds a snapshot file as an offline host; one clear error otherwise. */
export async function openAsOfflineHost(
  sessions: HostSessions,
  uri: vscode.Uri,
  log: vscode.LogOutputChannel,
): Promise<string> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  const opened = openSnapshotText(Buffer.from(bytes).toString('utf8'), uri.fsPath); // throws SnapshotFileError
  const alias = sessions.addOffline(uri.fsPath, opened.file, opened.topology);
  log.info(`snapshot opened offline: ${uri.fsPath} as "${alias}" (${opened.topology.devices.length} devices, ${opened.file.reads.length} saved reads)`);
  await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  return alias;
}

/** Diffs two tree hosts (a live one is refreshed first; the older snapshot is "before"). */
async function compareHosts(sessions: HostSessions, diffs: DiffDocuments, a: string, b: string): Promise<void> {
  const topologyOf = async (alias: string): Promise<Topology> => (sessions.isOffline(alias) ? sessions.view(alias)!.topology! : sessions.refresh(alias));
  const [ta, tb] = await Promise.all([topologyOf(a), topologyOf(b)]);
  const [before, after] = ta.takenAt <= tb.takenAt ? [{ alias: a, t: ta }, { alias: b, t: tb }] : [{ alias: b, t: tb }, { alias: a, t: ta }];
  const side = (alias: string, t: Topology): DiffSide => ({
    alias,
    label: sessions.isOffline(alias) ? `${alias} (snapshot)` : `${alias} (live, ${takenAtWords(t.takenAt)})`,
  });
  const diff = diffTopologies(before.t, after.t);
  const doc = diffDocument(diff, side(before.alias, before.t), side(after.alias, after.t), { counters: false });
  await diffs.show(`${before.alias} → ${after.alias}`, doc);
}

/** A notification and a status bar item; resolves true on Done, false on Cancel. */
function waitForDone(alias: string): Promise<boolean> {
  return new Promise((resolve) => {
    const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 1000);
    status.text = `$(record) Recording ${alias}: click when done`;
    status.tooltip = 'Snapshot again and show what changed';
    const id = `devstackNet.snapshot.recordDone.${Date.now()}`;
    let settled = false;
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      status.dispose();
      command.dispose();
      resolve(ok);
    };
    const command = vscode.commands.registerCommand(id, () => finish(true));
    status.command = id;
    status.show();
    void vscode.window
      .showInformationMessage(`Recording ${alias}: snapshot taken. Make your change (e.g. boot an instance), then press Done.`, 'Done', 'Cancel')
      .then((choice) => {
        if (choice === 'Done') finish(true);
        else if (choice === 'Cancel') finish(false);
      });
  });
}
