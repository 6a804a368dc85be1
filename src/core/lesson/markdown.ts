// A safe Markdown subset for lesson text: headings, paragraphs, lists, quotes,
// fenced code, and inline code/bold/italic. The result is plain data that the
// webview turns into DOM nodes with textContent only: no HTML ever passes through.

export type Inline = { readonly type: 'text' | 'code' | 'strong' | 'em'; readonly text: string };

export type Block =
  | { readonly type: 'heading'; readonly level: 1 | 2 | 3; inlines: Inline[] }
  | { readonly type: 'paragraph'; inlines: Inline[] }
  | { readonly type: 'quote'; inlines: Inline[] }
  | { readonly type: 'list'; readonly ordered: boolean; items: Inline[][] }
  | { readonly type: 'code'; readonly text: string };

const FENCE = /^\s*```/;
const HEADING = /^(#{1,6})\s+(.*)$/;
const ITEM = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/;
const QUOTE = /^\s*>\s?(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  const collect = (test: (line: string) => boolean): string[] => {
    const taken: string[] = [];
    while (i < lines.length && test(lines[i] as string)) taken.push(lines[i++] as string);
    return taken;
  };
  while (i < lines.length) {
    const line = lines[i] as string;
    if (line.trim() === '') {
      i++;
    } else if (FENCE.test(line)) {
      i++;
      const code = collect((l) => !FENCE.test(l));
      i++; // the closing fence (or the end)
      blocks.push({ type: 'code', text: code.join('\n') });
    } else if (HEADING.test(line)) {
      const [, hashes = '#', text = ''] = HEADING.exec(line) ?? [];
      blocks.push({ type: 'heading', level: Math.min(hashes.length, 3) as 1 | 2 | 3, inlines: parseInline(text.trim()) });
      i++;
    } else if (QUOTE.test(line)) {
      const quoted = collect((l) => QUOTE.test(l)).map((l) => (QUOTE.exec(l)?.[1] ?? '').trim());
      blocks.push({ type: 'quote', inlines: parseInline(quoted.join(' ')) });
    } else if (ITEM.test(line)) {
      const ordered = ITEM.exec(line)?.[2] !== undefined;
      const items: string[] = [];
      while (i < lines.length) {
        const l = lines[i] as string;
        const item = ITEM.exec(l);
        if (item) items.push((item[3] ?? '').trim());
        else if (/^\s+\S/.test(l) && items.length > 0) items[items.length - 1] += ` ${l.trim()}`; // continuation
        else break;
        i++;
      }
      blocks.push({ type: 'list', ordered, items: items.map(parseInline) });
    } else {
      const para = collect((l) => l.trim() !== '' && !FENCE.test(l) && !HEADING.test(l) && !ITEM.test(l) && !QUOTE.test(l));
      blocks.push({ type: 'paragraph', inlines: parseInline(para.map((l) => l.trim()).join(' ')) });
    }
  }
  return blocks;
}

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])|(?<!\w)_([^_\s][^_]*?)_(?!\w)/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ type: 'text', text: text.slice(last, at) });
    if (m[1] !== undefined) out.push({ type: 'code', text: m[1] });
    else if (m[2] !== undefined) out.push({ type: 'strong', text: m[2] });
    else out.push({ type: 'em', text: (m[3] ?? m[4]) as string });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ type: 'text', text: text.slice(last) });
  return out;
}
