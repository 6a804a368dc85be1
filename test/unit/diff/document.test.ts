import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffTopologies } from '../../../src/core/diff';
import { diffDocument, revealTargetOf } from '../../../src/core/diff/document';
import { topologyOf } from '../view/lab-snapshot';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

describe('diff document (the Compare view model)', () => {
  it('has counts per kind and one line per entry, linking added things to the after side and removed to the before side', async () => {
    const one = await topologyOf(readFileSync(join(FIXTURES, 'lab', 'snapshot-default.txt'), 'utf8'));
    const two = await topologyOf(readFileSync(join(FIXTURES, 'snapshot', 'snapshot-two-fips.txt'), 'utf8'));
    const before = { alias: 'lab @ 05:00', label: 'lab (snapshot)' };
    const after = { alias: 'lab', label: 'lab (live)' };
    const diff = diffTopologies(one, two);
    const doc = diffDocument(diff, before, after, { counters: false });
    const lines = doc.text.split('\n');
    assert.equal(lines[0], 'Compare: lab (snapshot)  →  lab (live)');
    assert.match(lines[1]!, new RegExp(`^${diff.added.length} added, 0 removed, ${diff.changed.length} changed \\(counter-only changes hidden\\)$`));
    assert.ok(lines.some((l) => /^ {2}device\s+\+4 {2}-0 {2}~\d+$/.test(l)), doc.text);
    const tap = lines.findIndex((l) => /^\+ device\s+tap0e6fdb06-96 {2}↗after$/.test(l));
    assert.ok(tap > 0, doc.text);
    const link = doc.links.find((l) => doc.text.slice(0, l.start).split('\n').length - 1 === tap)!;
    assert.deepEqual([doc.text.slice(link.start, link.end), link.alias, link.target], ['↗after', 'lab', { namespace: null, name: 'tap0e6fdb06-96' }]);
    // changed entries link both sides
    const changed = lines.find((l) => l.startsWith('~ device'))!;
    assert.match(changed, /: .+ {2}↗before {2}↗after$/);
    // the reverse diff links removed things to the before side
    const back = diffDocument(diffTopologies(two, one), after, before, { counters: true });
    assert.ok(back.text.includes('- device         tap0e6fdb06-96  ↗before'), back.text);
    assert.ok(!back.text.includes('counter-only changes hidden'));
  });

  it('reveals devices, bridges and namespaces; rules and floating IPs through their namespace; nothing for root rules', () => {
    assert.deepEqual(revealTargetOf({ kind: 'ovsBridge', name: 'br-int', namespace: null }), { ovsBridge: 'br-int' });
    assert.deepEqual(revealTargetOf({ kind: 'namespace', name: 'qrouter-1', namespace: 'qrouter-1' }), { namespace: 'qrouter-1' });
    assert.deepEqual(revealTargetOf({ kind: 'rule', name: '-t nat -A x', namespace: 'qrouter-1' }), { namespace: 'qrouter-1' });
    assert.equal(revealTargetOf({ kind: 'rule', name: '-t filter -A x', namespace: null }), null);
  });

  it('says so when there is no difference', () => {
    const doc = diffDocument({ added: [], removed: [], changed: [] }, { alias: 'a', label: 'a' }, { alias: 'b', label: 'b' }, { counters: false });
    assert.match(doc.text, /\nNo differences\.\n$/);
    assert.deepEqual(doc.links, []);
  });
});
