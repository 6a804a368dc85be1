// The lesson pane ("Networking under the hood"): one webview per host, opened
// beside the tree, restored after a reload by the panel serializer.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadLesson } from '../../core/lesson/load';
import type { Lesson } from '../../core/lesson/schema';
import { LessonStateSchema, ToExtensionSchema, ToWebviewSchema, type ToExtension, type ToWebview } from '../../core/messages/lesson';
import { messageOf } from '../errors';
import type { ExtensionServices } from '../services';
import { PanelRegistry, setPanelHtml, TypedPanel, webviewOptions } from '../webview/panel';
import { LESSON_OUTPUT_SCHEME, LessonOutputDocuments } from './output-documents';
import { ProgressStore } from './progress-store';
import { LessonSession } from './session';

export const LESSON_VIEW_TYPE = 'devstackNet.lesson';
export const DEFAULT_LESSON = 'under-the-hood';
/** The edition for an OVN host (picked from the detected back end). */
export const OVN_LESSON = 'under-the-hood-ovn';

export interface LessonPanel {
  /** Opens (or reveals) the lesson for a host; undefined: the host selected in the tree. */
  show(alias: string | undefined): Promise<void>;
}

const ASSETS = {
  scripts: ['dist/webview/lesson.js'],
  styles: ['media/common.css', 'media/lesson.css'],
  body: '<div id="root"><p>Loading the lesson…</p></div>',
};

export function registerLessonPanel(context: vscode.ExtensionContext, services: ExtensionServices): LessonPanel {
  const store = new ProgressStore(context.globalState);
  const documents = new LessonOutputDocuments();
  const sessions = new PanelRegistry<LessonSession>();
  const lessons = new Map<string, Promise<Lesson>>();
  const opening = new Map<string, Promise<void>>();
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(LESSON_OUTPUT_SCHEME, documents));

  const lesson = (id: string): Promise<Lesson> => {
    let loading = lessons.get(id);
    if (!loading) {
      loading = loadLesson(path.join(context.extensionUri.fsPath, 'media', 'lessons', id));
      loading.catch(() => lessons.delete(id)); // a broken file can be fixed and retried
      lessons.set(id, loading);
    }
    return loading;
  };

  const attach = async (panel: vscode.WebviewPanel, alias: string): Promise<void> => {
    panel.title = `Lesson: ${alias}`;
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icons', 'devstack-network.svg');
    // Load first: the webview's "ready" must find its listener in place.
    const edition = services.host(alias)?.topology?.backend.kind === 'ovn' ? OVN_LESSON : DEFAULT_LESSON;
    const loaded = await lesson(edition).then(
      (l) => l,
      (e: unknown) => new Error(messageOf(e)),
    );
    setPanelHtml(panel.webview, context.extensionUri, `Lesson: ${alias}`, ASSETS);
    const typed = new TypedPanel<ToExtension, ToWebview>(panel, ToExtensionSchema, ToWebviewSchema, services.log);
    if (loaded instanceof Error) {
      services.log.error(`lesson: ${loaded.message}`);
      typed.onMessage(() => void typed.post({ type: 'error', message: `The lesson could not be loaded: ${loaded.message}` }));
      return;
    }
    const session = new LessonSession(alias, loaded, typed, services, store, documents);
    sessions.set(alias, session);
    typed.own({ dispose: () => sessions.delete(alias, session) });
  };

  /** Attach, visible to both show() and the serializer while it loads, so one host never gets two panes. */
  const attachOnce = (panel: vscode.WebviewPanel, alias: string): Promise<void> => {
    const attaching = attach(panel, alias).finally(() => opening.delete(alias));
    opening.set(alias, attaching);
    return attaching;
  };

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(LESSON_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state) {
        const saved = LessonStateSchema.safeParse(state);
        const alias = saved.success ? saved.data.alias : services.selectedHost();
        if (!alias || sessions.get(alias) || opening.get(alias)) {
          panel.dispose(); // nothing to restore, or the host already has (or is opening) its pane
          return;
        }
        await attachOnce(panel, alias); // sets the webview options with the HTML
      },
    }),
  );

  return {
    async show(requested) {
      const alias = requested ?? services.selectedHost();
      if (!alias) {
        void vscode.window.showInformationMessage('Add a DevStack host first, then open the lesson for it.');
        return;
      }
      const open = sessions.get(alias);
      if (open) return open.reveal();
      const pending = opening.get(alias);
      if (pending) return pending;
      const panel = vscode.window.createWebviewPanel(
        LESSON_VIEW_TYPE,
        `Lesson: ${alias}`,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
        webviewOptions(context.extensionUri),
      );
      await attachOnce(panel, alias);
    },
  };
}
