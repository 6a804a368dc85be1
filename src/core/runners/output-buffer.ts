// Bounded output capture shared by the runners: keeps at most `limit` bytes,
// streams decoded text as it arrives, and says when the limit was hit.

import { StringDecoder } from 'node:string_decoder';
import { RemoteError } from '../command';
import { quoteArgv } from '../shell/quote';

export const DEFAULT_MAX_OUTPUT_BYTES = 32 * 1024 * 1024;
export const MAX_STDERR_BYTES = 1024 * 1024;

export class OutputBuffer {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private readonly decoder = new StringDecoder('utf8');
  /** True once more than `limit` bytes arrived; later chunks are dropped. */
  overflowed = false;

  constructor(
    readonly limit: number,
    private readonly onText?: (text: string) => void,
  ) {}

  /** Keeps what fits; returns false when the limit was exceeded. */
  push(chunk: Buffer): boolean {
    if (this.overflowed) return false;
    const room = this.limit - this.kept;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (part.length > 0) {
      this.chunks.push(Buffer.from(part));
      this.kept += part.length;
      if (this.onText) {
        const text = this.decoder.write(part);
        if (text) this.onText(text);
      }
    }
    if (chunk.length > room) this.overflowed = true;
    return !this.overflowed;
  }

  get size(): number {
    return this.kept;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

export function outputLimitError(argv: readonly string[], limit: number): RemoteError {
  return new RemoteError(
    'output-limit',
    `Output of "${quoteArgv(argv)}" exceeded the limit of ${formatBytes(limit)}; the command was stopped. ` +
      'Narrow the query, or raise the limit (devstackNet.maxOutputMB).',
    { argv },
  );
}

export function timeoutError(argv: readonly string[], timeoutMs: number): RemoteError {
  return new RemoteError('timeout', `"${quoteArgv(argv)}" timed out after ${timeoutMs / 1000} s and was stopped`, { argv });
}

export function cancelledError(argv: readonly string[]): RemoteError {
  return new RemoteError('cancelled', `"${quoteArgv(argv)}" was cancelled`, { argv });
}
