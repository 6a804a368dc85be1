import { strict as assert } from 'node:assert';
import {
  emptyProgress,
  lessonProgress,
  readProgress,
  withAnswer,
  withCurrent,
  withReset,
  withStepDone,
} from '../../../src/core/lesson/progress';

const L = 'under-the-hood';

describe('lesson progress', () => {
  it('marks a step done when every check of it is answered right, per host', () => {
    let p = emptyProgress();
    const ids = ['chain-name', 'allow-target'];
    p = withAnswer(p, 'lab', L, { stepId: 'sg', checkId: 'chain-name', answer: 'x', correct: true }, ids);
    assert.deepEqual(lessonProgress(p, 'lab', L).done, []);
    p = withAnswer(p, 'lab', L, { stepId: 'sg', checkId: 'allow-target', answer: 'ACCEPT', correct: false }, ids);
    assert.deepEqual(lessonProgress(p, 'lab', L).done, []);
    p = withAnswer(p, 'lab', L, { stepId: 'sg', checkId: 'allow-target', answer: 'RETURN', correct: true }, ids);
    assert.deepEqual(lessonProgress(p, 'lab', L).done, ['sg']);
    assert.deepEqual(lessonProgress(p, 'lab', L).answers['sg/allow-target'], { answer: 'RETURN', correct: true });
    assert.deepEqual(lessonProgress(p, 'other', L).done, [], 'another host starts fresh');
  });

  it('marks and unmarks steps by hand, without duplicates', () => {
    let p = withStepDone(emptyProgress(), 'lab', L, 'devices', true);
    p = withStepDone(p, 'lab', L, 'devices', true);
    assert.deepEqual(lessonProgress(p, 'lab', L).done, ['devices']);
    p = withStepDone(p, 'lab', L, 'devices', false);
    assert.deepEqual(lessonProgress(p, 'lab', L).done, []);
  });

  it('reset forgets one host and lesson only', () => {
    let p = withCurrent(emptyProgress(), 'lab', L, 'dhcp');
    p = withStepDone(p, 'lab', L, 'devices', true);
    p = withStepDone(p, 'other', L, 'devices', true);
    p = withReset(p, 'lab', L);
    assert.deepEqual(lessonProgress(p, 'lab', L), { done: [], answers: {}, current: null });
    assert.deepEqual(lessonProgress(p, 'other', L).done, ['devices']);
  });

  it('reads stored progress back, and starts empty from junk', () => {
    const p = withCurrent(withStepDone(emptyProgress(), 'lab', L, 'devices', true), 'lab', L, 'dhcp');
    assert.deepEqual(readProgress(JSON.parse(JSON.stringify(p))), p);
    for (const junk of [undefined, null, 42, 'x', { version: 2, hosts: {} }, { version: 1, hosts: { lab: { [L]: { done: 'devices' } } } }]) {
      assert.deepEqual(readProgress(junk), emptyProgress());
    }
  });
});
