// Hostile remote names stay data: exact labels, unique ids, escaped markdown.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeMarkdown, ids, parent } from '../../../src/core/view';
import { labSnapshotText, topologyOf } from './lab-snapshot';
import { connected, walk } from './walk';

interface Manifest {
  readonly namespaces: readonly string[];
  readonly devices: readonly { name: string; namespace: string | null }[];
}
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'lab', 'manifest.json'), 'utf8')) as Manifest;
const qdhcp = manifest.namespaces.find((n) => n.startsWith('qdhcp-'))!;
const device = (prefix: string) => manifest.devices.find((d) => d.name.startsWith(prefix))!.name;

// Real lab output with real names swapped for hostile ones (JSON-escaped where the output is JSON).
const HOSTILE_NS = 'qdhcp-$(touch${IFS}PWNED)';
const RENAMES: readonly [string, string, string][] = [
  // [lab name, hostile name, as written in the recorded text]
  [qdhcp, HOSTILE_NS, HOSTILE_NS],
  [device('qr-'), "x';id;'", "x';id;'"],
  [device('qg-'), 'v$(id>P)', 'v$(id>P)'],
  [device('tapb'), 'y"$HOME"', 'y\\"$HOME\\"'],
];

/** Markdown syntax characters in tooltips must be backslash-escaped (our own ** aside). */
function unescapedSyntax(markdown: string): string[] {
  const found: string[] = [];
  const text = markdown.replace(/\*\*/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if ('[]()`<>$'.includes(text[i]!)) found.push(text.slice(Math.max(0, i - 10), i + 10));
  }
  return found;
}

describe('tree view model: hostile names', () => {
  it('shows hostile namespace and device names exactly, with unique ids and escaped tooltips', async () => {
    let text = labSnapshotText();
    for (const [from, , to] of RENAMES) {
      assert.ok(text.includes(from), `the lab snapshot mentions ${from}`);
      text = text.split(from).join(to);
    }
    const topology = await topologyOf(text);
    const state = connected(topology, 'lab', { hideLoopback: false, hideEmptyGroups: false });
    const rows = walk(state);
    for (const [, hostile] of RENAMES) {
      const matching = rows.filter((r) => r.item.label === hostile && (r.node.kind === 'namespace' || r.parentId?.includes('/ns/') || r.parentId?.includes('/devices')));
      assert.ok(matching.length >= 1, `a row labelled ${hostile}`);
      for (const r of matching) assert.ok(r.item.tooltipMarkdown.includes(escapeMarkdown(hostile)), `escaped ${hostile} in the tooltip`);
    }
    const ns = rows.find((r) => r.item.label === HOSTILE_NS)!;
    assert.equal(ns.item.id, `host/lab/ns/${encodeURIComponent(HOSTILE_NS)}`);
    const allIds = rows.map((r) => r.item.id);
    assert.equal(new Set(allIds).size, allIds.length);
    for (const r of rows) {
      assert.equal(parent(r.node, state)?.id, r.parentId, `parent of ${r.item.id}`);
      assert.deepEqual(unescapedSyntax(r.item.tooltipMarkdown), [], `tooltip of ${r.item.id}`);
    }
  });

  it('keeps ids apart when names contain the id separator', () => {
    assert.notEqual(ids.namespace('x/ns/y', 'z'), ids.namespace('x', 'y/ns/z'));
    assert.notEqual(ids.device('a', { namespace: null, name: 'dev/b' }), ids.device('a', { namespace: 'dev', name: 'b' }));
    assert.notEqual(ids.device('a', { namespace: '@root', name: 'b' }, 'p'), ids.device('a', { namespace: null, name: 'b' }, 'p'));
  });

  it('escapes every markdown construct in remote text', () => {
    const hostile = '[x](command:devstackNet.host.remove) <img src=x> `code` **b** # h $(zap)';
    const escaped = escapeMarkdown(hostile);
    assert.deepEqual(unescapedSyntax(escaped), []);
    assert.equal(escaped.replace(/\\(.)/g, '$1'), hostile, 'unescaping gives the text back');
    assert.equal(escapeMarkdown('a\nb'), 'a b');
  });
});
