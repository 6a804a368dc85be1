// At most N open channels per connection (sshd's MaxSessions defaults to 10).
// Extra requests wait in FIFO order; a cancelled waiter leaves the queue.

import { RemoteError } from '../command';

export type Release = () => void;

interface Waiter {
  readonly grant: (release: Release) => void;
  readonly fail: (error: Error) => void;
}

export class ChannelLimiter {
  private active = 0;
  private readonly queue: Waiter[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`channel limit must be a positive integer, got ${max}`);
  }

  get activeCount(): number {
    return this.active;
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  /** Resolves with a release function once a slot is free. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(cancelled());
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(cancelled());
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        fail: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  /** Rejects every queued waiter (the connection is gone). */
  failAll(error: Error): void {
    for (const waiter of this.queue.splice(0)) waiter.fail(error);
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next.grant(this.releaser());
      else this.active--;
    };
  }
}

function cancelled(): RemoteError {
  return new RemoteError('cancelled', 'cancelled while waiting for a free SSH channel');
}
