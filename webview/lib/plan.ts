// A render plan: a plain tree of elements and text, built by pure functions and
// turned into DOM in one place (dom.ts). Strings are always text, never markup.

export interface PlanElement {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly PlanChild[];
}

export type PlanChild = PlanElement | string;

type ChildInput = PlanChild | null | undefined | false | readonly ChildInput[];

/** Tags a plan may use: layout, tables, and the webview UI toolkit's elements. */
export const ALLOWED_TAGS: ReadonlySet<string> = new Set([
  'div', 'span', 'section', 'header', 'nav', 'main', 'aside', 'h1', 'h2', 'h3', 'h4', 'p', 'ul', 'ol', 'li',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'pre', 'strong', 'em', 'small', 'button', 'label',
  'input', 'select', 'option', 'details', 'summary', 'dl', 'dt', 'dd',
  'vscode-button', 'vscode-tag', 'vscode-checkbox', 'vscode-divider', 'vscode-link',
  'vscode-text-field', 'vscode-dropdown', 'vscode-option', 'vscode-progress-ring', 'vscode-panels',
]);

const ALLOWED_ATTR = /^(class|id|title|role|tabindex|colspan|rowspan|value|type|placeholder|disabled|selected|checked|appearance|for|open|data-[a-z-]+|aria-[a-z-]+)$/;

export function isAllowedAttribute(name: string): boolean {
  return ALLOWED_ATTR.test(name);
}

function flatten(children: readonly ChildInput[], out: PlanChild[]): PlanChild[] {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) flatten(child, out);
    else out.push(child as PlanChild);
  }
  return out;
}

/** Builds one element; attributes with undefined/false values are left out. */
export function h(tag: string, attrs: Record<string, string | number | boolean | null | undefined> = {}, ...children: ChildInput[]): PlanElement {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    kept[name] = value === true ? '' : String(value);
  }
  return { tag, attrs: kept, children: flatten(children, []) };
}

/** Every text leaf of a plan, in order (for tests and for search). */
export function planText(node: PlanChild): string[] {
  return typeof node === 'string' ? [node] : node.children.flatMap(planText);
}

/** Every element of a plan, depth first. */
export function planElements(node: PlanChild): PlanElement[] {
  return typeof node === 'string' ? [] : [node, ...node.children.flatMap(planElements)];
}
