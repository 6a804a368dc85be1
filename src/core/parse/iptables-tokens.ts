// Splits an iptables-save rule into words. Double quotes group words; `\"` and `\\` are escapes.
// Hot path of 20k-rule dumps: `spansOf` records word offsets in reusable typed arrays (no strings, no
// per-rule arrays); lines it cannot read exactly (tabs, CRs, escapes, quotes inside words) go to `tokenize`.

/** Word k of a rule is `text.slice(starts[k], ends[k])`; `quoted[k]` is 1 when it was written in quotes. */
export class WordSpans {
  text = '';
  count = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  quoted = new Uint8Array(64);

  /** Word k as a string, undefined past the end. */
  word(k: number): string | undefined {
    return k < this.count ? this.text.slice(this.starts[k], this.ends[k]) : undefined;
  }

  push(start: number, end: number, quoted: number): void {
    const n = this.count;
    if (n === this.starts.length) this.grow();
    this.starts[n] = start;
    this.ends[n] = end;
    this.quoted[n] = quoted;
    this.count = n + 1;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size), ends = new Int32Array(size), quoted = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    quoted.set(this.quoted);
    this.starts = starts;
    this.ends = ends;
    this.quoted = quoted;
  }
}

/** Scratch spans, reused for every rule (parsing is synchronous). */
const SPANS = new WordSpans();
const QUOTED: number[] = [];

/** The words of `line` from offset `from` as spans, the same words `tokenize` gives. */
export function spansOf(line: string, from: number): WordSpans {
  if (scanSpans(line, from, SPANS)) return SPANS;
  // Rare lines: tokenize, then lay the words out in one string so the spans point into it.
  QUOTED.length = 0;
  const words = tokenize(line, from, QUOTED);
  SPANS.count = 0;
  let text = '';
  for (const w of words) {
    SPANS.push(text.length, text.length + w.length, 0);
    text += `${w} `;
  }
  for (const k of QUOTED) SPANS.quoted[k] = 1;
  SPANS.text = text;
  return SPANS;
}

/**
 * One pass over the characters: words split on runs of spaces, `"…"` at a word start is one word (closed by the
 * next quote, which must end the word). False when the line needs `tokenize` (tab, CR, backslash in quotes, a
 * quote inside a word, an unclosed quote).
 */
function scanSpans(line: string, from: number, out: WordSpans): boolean {
  out.text = line;
  out.count = 0;
  const n = line.length;
  let start = -1; // start of the current unquoted word, -1 between words
  for (let i = from; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c === 32) {
      if (start >= 0) out.push(start, i, 0);
      start = -1;
    } else if (c === 34 /* " */) {
      if (start >= 0) return false;
      const close = line.indexOf('"', i + 1);
      if (close < 0 || (close + 1 < n && line.charCodeAt(close + 1) !== 32)) return false;
      const slash = line.indexOf('\\', i + 1);
      if (slash >= 0 && slash < close) return false;
      out.push(i + 1, close, 1);
      i = close;
    } else if (c === 9 || c === 13) {
      return false;
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) out.push(start, n, 0);
  return true;
}

/**
 * The words of `line` from offset `from`. Indexes of words that were quoted go into `quoted`, so that
 * `--log-prefix "-x"` keeps its value.
 */
export function tokenize(line: string, from: number, quoted?: number[]): string[] {
  const body = from === 0 ? line : line.slice(from);
  if (body.indexOf('\t') >= 0 || body.indexOf('\r') >= 0) return scan(body, quoted);
  const parts = body.split(' ');
  const hasQuote = body.indexOf('"') >= 0;
  // The common iptables-save line: single spaces, no quotes — the split is already the answer.
  if (!hasQuote && body.indexOf('  ') < 0 && body.charCodeAt(0) !== 32 && body.charCodeAt(body.length - 1) !== 32) return parts;
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === '') continue;
    if (!hasQuote || p.indexOf('"') < 0) {
      out.push(p);
      continue;
    }
    if (p.charCodeAt(0) !== 34 /* " */) {
      if (quoted) quoted.length = 0; // a quote inside a word: rare, scan the whole line instead
      return scan(body, quoted);
    }
    let run = p;
    while (!closes(run) && i + 1 < parts.length) run += ` ${parts[++i]}`;
    quoted?.push(out.length);
    const inner = closes(run) ? run.slice(1, -1) : run.slice(1); // a truncated line has no closing quote
    out.push(inner.indexOf('\\') >= 0 ? inner.replace(/\\(.)/g, '$1') : inner);
  }
  return out;
}

/** True when the quoted run `"…"` ends with an unescaped quote. */
function closes(run: string): boolean {
  if (run.length < 2 || run.charCodeAt(run.length - 1) !== 34) return false;
  let slashes = 0;
  for (let k = run.length - 2; k > 0 && run.charCodeAt(k) === 92; k--) slashes++;
  return slashes % 2 === 0;
}

/** General scanner for tabs, CRs and quotes inside words. */
function scan(body: string, quoted?: number[]): string[] {
  const out: string[] = [];
  const n = body.length;
  let i = 0;
  while (i < n) {
    const c = body.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    let word = '';
    let start = i;
    while (i < n) {
      const d = body.charCodeAt(i);
      if (d === 32 || d === 9 || d === 13) break;
      if (d !== 34) {
        i++;
        continue;
      }
      word += body.slice(start, i);
      quoted?.push(out.length);
      let j = i + 1;
      while (j < n && body.charCodeAt(j) !== 34) j += body.charCodeAt(j) === 92 ? 2 : 1;
      word += body.slice(i + 1, Math.min(j, n)).replace(/\\(.)/g, '$1');
      i = j + 1;
      start = i;
    }
    out.push(word + body.slice(start, Math.min(i, n)));
  }
  return out;
}
