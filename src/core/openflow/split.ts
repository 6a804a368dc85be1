// Splitting OpenFlow text at its top-level separators. Open vSwitch prints actions and matches as one
// comma-separated list in which nested parts keep their own commas: `ct(commit,zone=NXM_NX_REG6[0..15],
// exec(load:0x1->NXM_NX_CT_MARK[]))`, `resubmit(,8)`, `conjunction(16,1/2)`, `output:"tap,odd"`.

/**
 * Splits `text` at the commas that are outside parentheses, brackets, braces and double quotes.
 * Empty pieces are dropped. Unbalanced closers are kept as text (the caller decides what is valid).
 */
export function splitTopLevel(text: string, from = 0, to = text.length): string[] {
  const out: string[] = [];
  let depth = 0;
  let inQuote = false;
  let start = from;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (inQuote) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inQuote = false;
      continue;
    }
    switch (c) {
      case 34:
        inQuote = true;
        break;
      case 40: // (
      case 91: // [
      case 123: // {
        depth++;
        break;
      case 41: // )
      case 93: // ]
      case 125: // }
        if (depth > 0) depth--;
        break;
      case 44: // ,
        if (depth === 0) {
          if (i > start) out.push(text.slice(start, i));
          start = i + 1;
        }
        break;
    }
  }
  if (to > start) out.push(text.slice(start, to));
  return out;
}

/** True when every (, [, { and " in `text` is closed. */
export function isBalanced(text: string): boolean {
  let depth = 0;
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inQuote) {
      if (c === 92) i++;
      else if (c === 34) inQuote = false;
    } else if (c === 34) inQuote = true;
    else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (--depth < 0) return false;
    }
  }
  return depth === 0 && !inQuote;
}

/** `key=value` → [key, value]; a bare word (`ip`, `tcp`, `NORMAL`) → [word, null]. */
export function keyValue(piece: string): [string, string | null] {
  const eq = piece.indexOf('=');
  return eq < 0 ? [piece, null] : [piece.slice(0, eq), piece.slice(eq + 1)];
}

/** A double-quoted port name without its quotes; other text unchanged. */
export function unquote(text: string): string {
  if (text.length >= 2 && text.charCodeAt(0) === 34 && text.charCodeAt(text.length - 1) === 34) {
    return text.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return text;
}
