// The tree's context menu for a contextValue, from package.json's view/item/context
// entries: the picture's right-click offers exactly the commands the tree offers.
// Understands the when-clause forms the manifest uses: `view == X`, `viewItem =~ /re/`,
// `viewItem == x`, joined by && and ||, with parentheses.

export interface MenuEntry {
  readonly command: string;
  readonly when?: string;
  readonly group?: string;
}

export interface CommandTitle {
  readonly command: string;
  readonly title: string;
}

type Ctx = Readonly<Record<string, string>>;

function tokens(expr: string): string[] {
  return expr.match(/\/(?:\\.|[^/])*\/|&&|\|\||==|=~|\(|\)|[^\s()&|=]+/g) ?? [];
}

/** Evaluates a when clause; an unknown form is false (the command is not offered). */
export function evaluateWhen(expr: string, ctx: Ctx): boolean {
  const t = tokens(expr);
  let i = 0;
  const primary = (): boolean => {
    if (t[i] === '(') {
      i++;
      const v = or();
      i++; // ')'
      return v;
    }
    const key = t[i++] ?? '';
    const op = t[i];
    if (op === '==' || op === '=~') {
      i++;
      const rhs = t[i++] ?? '';
      const value = ctx[key] ?? '';
      if (op === '==') return value === rhs;
      const m = /^\/(.*)\/([a-z]*)$/.exec(rhs);
      return m ? new RegExp(m[1]!, m[2]).test(value) : false;
    }
    return Boolean(ctx[key]);
  };
  const and = (): boolean => {
    let v = primary();
    while (t[i] === '&&') {
      i++;
      v = primary() && v;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (t[i] === '||') {
      i++;
      v = and() || v;
    }
    return v;
  };
  return or();
}

/** The commands of the tree's context menu (not inline buttons) for an item, in menu order. */
export function treeMenu(contextValue: string, view: string, entries: readonly MenuEntry[], titles: readonly CommandTitle[]): CommandTitle[] {
  const ctx = { view, viewItem: contextValue };
  const seen = new Set<string>();
  return entries
    .filter((e) => !(e.group ?? '').startsWith('inline') && (e.when === undefined || evaluateWhen(e.when, ctx)))
    .sort((a, b) => (a.group ?? '').localeCompare(b.group ?? ''))
    .flatMap((e) => {
      if (seen.has(e.command)) return [];
      seen.add(e.command);
      const title = titles.find((c) => c.command === e.command)?.title ?? e.command;
      return [{ command: e.command, title }];
    });
}
