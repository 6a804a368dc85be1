import { strict as assert } from 'node:assert';
import { ToWebviewSchema } from '../../../src/core/messages/picture';
import { PictureJoiner, splitPicture } from '../../../src/core/picture/parts';
import { wholeHostMessage } from '../../bench/picture-message';
import { labTopology } from './fixtures';

describe('a big picture sent in parts', () => {
  it('splits into a head and parts that each pass the schema, and joins back to the same message', async () => {
    const m = await wholeHostMessage(await labTopology(), 'devstack-lab');
    assert.ok(m.layout.nodes.length > 9, `the lab's whole host has boxes: ${m.layout.nodes.length}`);
    const [head, ...parts] = splitPicture(m, 3);
    assert.equal(head.parts, parts.length);
    assert.ok(parts.length >= 3, `parts: ${parts.length}`);
    assert.ok(head.layout.nodes.length <= 3 && parts.every((p) => p.nodes.length <= 3));
    for (const msg of [head, ...parts]) assert.ok(ToWebviewSchema.safeParse(msg).success, `${msg.type} passes the schema`);
    const joiner = new PictureJoiner();
    assert.equal(joiner.start(head), null, 'not whole before its parts');
    const results = parts.map((p) => joiner.add(p));
    assert.ok(results.slice(0, -1).every((r) => r === null));
    assert.deepEqual(results.at(-1), m);
  });

  it('sends a small picture whole; a new head drops a picture still arriving; stray parts are ignored', async () => {
    const m = await wholeHostMessage(await labTopology(), 'devstack-lab');
    assert.deepEqual(splitPicture(m, 10_000), [m]);
    const joiner = new PictureJoiner();
    assert.deepEqual(joiner.start(m), m);
    const [head, first, second] = splitPicture(m, 3);
    joiner.start(head);
    assert.equal(joiner.add(second!), null, 'out of order: ignored');
    joiner.add(first!);
    const [newHead, ...newParts] = splitPicture({ ...m, takenAt: 1 }, 3);
    assert.equal(joiner.start(newHead), null);
    const whole = newParts.map((p) => joiner.add(p)).at(-1);
    assert.equal(whole?.takenAt, 1);
    assert.equal(whole?.layout.nodes.length, m.layout.nodes.length);
    assert.equal(new PictureJoiner().add(first!), null, 'a part with no head');
  });
});
