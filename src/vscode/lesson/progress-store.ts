// Lesson progress kept in globalState (per host and lesson). Changes go
// through the pure functions of core/lesson/progress.
import type * as vscode from 'vscode';
import { readProgress, type Progress } from '../../core/lesson/progress';

const KEY = 'devstackNet.lesson.progress';

export class ProgressStore {
  constructor(private readonly state: vscode.Memento) {}

  get(): Progress {
    return readProgress(this.state.get(KEY));
  }

  async update(change: (p: Progress) => Progress): Promise<Progress> {
    const next = change(this.get());
    await this.state.update(KEY, next);
    return next;
  }
}
