// Layout off the caller's thread: small graphs (a focused path: tens of ms) in process,
// bigger ones in one long-lived worker thread (the whole scaled lab takes ~1–2 s).
import { Worker } from 'node:worker_threads';
import type { PictureGraph } from './graph';
import { layoutPicture, type PictureLayout } from './layout';

/** Elements (boxes + ports) above which the layout goes to the worker. */
export const IN_PROCESS_LIMIT = 60;

export class LayoutRunner {
  private worker: Worker | undefined;
  private next = 1;
  private readonly pending = new Map<number, { resolve: (l: PictureLayout) => void; reject: (e: Error) => void }>();

  /** workerFile: the built layout-worker.js; null lays out in process always. */
  constructor(private readonly workerFile: string | null) {}

  layout(graph: PictureGraph, previous: PictureLayout | null): Promise<PictureLayout> {
    const size = graph.nodes.reduce((n, x) => n + 1 + x.ports.length, 0);
    if (this.workerFile === null || size <= IN_PROCESS_LIMIT) return layoutPicture(graph, { previous });
    const worker = this.ensureWorker(this.workerFile);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, graph, previous });
    });
  }

  private ensureWorker(file: string): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(file);
    worker.on('message', (m: { id: number; layout?: PictureLayout; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.layout) p?.resolve(m.layout);
      else p?.reject(new Error(m.error ?? 'layout failed'));
    });
    const fail = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`layout worker exited (${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
