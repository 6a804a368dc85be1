import { strict as assert } from 'node:assert';
import { parseInline, parseMarkdown } from '../../../src/core/lesson/markdown';

describe('lesson markdown (safe subset)', () => {
  it('parses headings, paragraphs, lists, quotes and fenced code', () => {
    const blocks = parseMarkdown('# Title\n\nOne line\nsame paragraph.\n\n- a `tap`\n- **b**\n  continued\n\n1. first\n2. second\n\n> note\n\n```\n  VM ── tap\n```\n');
    assert.deepEqual(
      blocks.map((b) => b.type),
      ['heading', 'paragraph', 'list', 'list', 'quote', 'code'],
    );
    assert.deepEqual(blocks[1], { type: 'paragraph', inlines: [{ type: 'text', text: 'One line same paragraph.' }] });
    assert.deepEqual(blocks[2], {
      type: 'list',
      ordered: false,
      items: [
        [{ type: 'text', text: 'a ' }, { type: 'code', text: 'tap' }],
        [{ type: 'strong', text: 'b' }, { type: 'text', text: ' continued' }],
      ],
    });
    assert.equal(blocks[3]?.type === 'list' && blocks[3].ordered, true);
    assert.deepEqual(blocks[5], { type: 'code', text: '  VM ── tap' });
  });

  it('keeps HTML as plain text', () => {
    const inlines = parseInline('<img src=x onerror=alert(1)> and <b>bold</b>');
    assert.deepEqual(inlines, [{ type: 'text', text: '<img src=x onerror=alert(1)> and <b>bold</b>' }]);
  });

  it('does not treat names with underscores or stars inside words as emphasis', () => {
    assert.deepEqual(parseInline('dhcp_hostsfile and 2*3*4'), [{ type: 'text', text: 'dhcp_hostsfile and 2*3*4' }]);
    assert.deepEqual(parseInline('an *em* word'), [
      { type: 'text', text: 'an ' },
      { type: 'em', text: 'em' },
      { type: 'text', text: ' word' },
    ]);
  });
});
