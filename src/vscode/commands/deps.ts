// What the command handlers share.
import type * as vscode from 'vscode';
import type { TreeNode } from '../../core/view';
import type { ChainInspector } from '../chain-inspector';
import type { HostSessions } from '../hosts/sessions';
import type { ThisMachine } from '../hosts/this-machine';
import type { LessonPanel } from '../lesson';
import type { TopologyPicture } from '../picture';
import type { DiffDocuments } from '../snapshots/diff-documents';
import type { QueryDocuments } from '../query/documents';
import type { ExtensionServices } from '../services';
import type { TopologyTreeProvider } from '../tree/provider';

export interface Deps {
  readonly context: vscode.ExtensionContext;
  readonly sessions: HostSessions;
  readonly provider: TopologyTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  readonly log: vscode.LogOutputChannel;
  readonly documents: QueryDocuments;
  readonly services: ExtensionServices;
  readonly inspector: ChainInspector;
  readonly lesson: LessonPanel;
  readonly picture: TopologyPicture;
  readonly diffs: DiffDocuments;
  readonly thisMachine: ThisMachine;
}

export type Handlers = Record<string, (...args: unknown[]) => unknown>;
