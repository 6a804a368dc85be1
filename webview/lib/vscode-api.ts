// The webview side of the VS Code API: typed, validated messages and state.
import type { z } from 'zod';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface WebviewChannel<Out, State> {
  post(message: Out): void;
  /** The saved state, or undefined when there is none or it does not validate. */
  loadState(): State | undefined;
  saveState(state: State): void;
}

/** The channel checks what it sends (the extension checks it again) and what it restores. */
export function connect<Out, State>(outbound: z.ZodType<Out>, stateSchema: z.ZodType<State>): WebviewChannel<Out, State> {
  const api = acquireVsCodeApi();
  return {
    post: (message) => {
      const checked = outbound.safeParse(message);
      if (checked.success) api.postMessage(checked.data);
      else console.error(`message not sent: ${checked.error.message}`);
    },
    loadState: () => {
      const parsed = stateSchema.safeParse(api.getState());
      return parsed.success ? parsed.data : undefined;
    },
    saveState: (state) => api.setState(state),
  };
}

/** Listens for extension messages; anything that fails the schema goes to onInvalid. */
export function onMessage<In>(schema: z.ZodType<In>, handler: (message: In) => void, onInvalid: (error: string) => void): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const parsed = schema.safeParse(event.data);
    if (parsed.success) handler(parsed.data);
    else onInvalid(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  });
}
