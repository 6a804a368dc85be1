// The layout in a worker thread: the extension host stays responsive while dot runs.
import { parentPort } from 'node:worker_threads';
import type { PictureGraph } from './graph';
import { layoutPicture, type PictureLayout } from './layout';

parentPort?.on('message', (message: { readonly id: number; readonly graph: PictureGraph; readonly previous: PictureLayout | null }) => {
  layoutPicture(message.graph, { previous: message.previous }).then(
    (layout) => parentPort?.postMessage({ id: message.id, layout }),
    (e: unknown) => parentPort?.postMessage({ id: message.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
