import { strict as assert } from 'node:assert';
import { ChannelLimiter, type Release } from '../../../src/core/ssh/channel-limiter';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('channel limiter', () => {
  it('never has more than max open and grants waiters in FIFO order', async () => {
    const limiter = new ChannelLimiter(2);
    const order: number[] = [];
    const releases = new Map<number, Release>();
    const requests = [0, 1, 2, 3, 4].map((n) =>
      limiter.acquire().then((release) => {
        order.push(n);
        releases.set(n, release);
      }),
    );
    await tick();
    assert.deepEqual(order, [0, 1]);
    assert.equal(limiter.activeCount, 2);
    assert.equal(limiter.queuedCount, 3);
    releases.get(1)!();
    releases.get(1)!(); // releasing twice frees one slot only
    await tick();
    assert.deepEqual(order, [0, 1, 2]);
    assert.equal(limiter.activeCount, 2);
    releases.get(0)!();
    releases.get(2)!();
    await tick();
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    await Promise.all(requests);
    releases.get(3)!();
    releases.get(4)!();
    assert.equal(limiter.activeCount, 0);
  });

  it('removes a cancelled waiter from the queue', async () => {
    const limiter = new ChannelLimiter(1);
    const first = await limiter.acquire();
    const controller = new AbortController();
    const cancelled = limiter.acquire(controller.signal);
    const later = limiter.acquire();
    assert.equal(limiter.queuedCount, 2);
    controller.abort();
    await assert.rejects(cancelled, { kind: 'cancelled' });
    assert.equal(limiter.queuedCount, 1);
    first();
    const release = await later;
    assert.equal(limiter.activeCount, 1);
    release();
    assert.equal(limiter.activeCount, 0);
  });

  it('rejects an already-aborted request and fails all waiters on demand', async () => {
    const limiter = new ChannelLimiter(1);
    await assert.rejects(limiter.acquire(AbortSignal.abort()), { kind: 'cancelled' });
    await limiter.acquire();
    const waiting = limiter.acquire();
    limiter.failAll(new Error('gone'));
    await assert.rejects(waiting, /gone/);
    assert.equal(limiter.queuedCount, 0);
  });

  it('rejects a nonsense limit', () => {
    assert.throws(() => new ChannelLimiter(0));
  });
});
