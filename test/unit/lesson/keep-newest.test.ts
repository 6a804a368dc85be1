import { strict as assert } from 'node:assert';
import { keepNewest } from '../../../src/core/collections/keep-newest';

describe('keepNewest', () => {
  it('drops the oldest entries down to the limit and keeps the rest in order', () => {
    const map = new Map([1, 2, 3, 4, 5].map((n) => [n, `run ${n}`]));
    keepNewest(map, 2);
    assert.deepEqual([...map.keys()], [4, 5]);
    keepNewest(map, 10);
    assert.deepEqual([...map.values()], ['run 4', 'run 5']);
  });
});
