// Turns a render plan into DOM with createElement, setAttribute and text nodes only.
// No innerHTML anywhere: remote text can never become markup.
import { ALLOWED_TAGS, isAllowedAttribute, type PlanChild } from './plan';

/** The few DOM calls used, so a test can pass a recording fake. */
export interface ElementLike {
  setAttribute(name: string, value: string): void;
  append(...nodes: (ElementLike | TextLike)[]): void;
}
export type TextLike = object;
export interface DocumentLike {
  createElement(tag: string): ElementLike;
  createTextNode(text: string): TextLike;
}

export function materialize(node: PlanChild, doc: DocumentLike): ElementLike | TextLike {
  if (typeof node === 'string') return doc.createTextNode(node);
  if (!ALLOWED_TAGS.has(node.tag)) throw new Error(`render plan uses a tag that is not allowed: ${node.tag}`);
  const el = doc.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs)) {
    if (!isAllowedAttribute(name)) throw new Error(`render plan uses an attribute that is not allowed: ${name}`);
    el.setAttribute(name, value);
  }
  el.append(...node.children.map((child) => materialize(child, doc)));
  return el;
}

/** Replaces the children of a real element with the plan's nodes. */
export function renderInto(container: Element, nodes: readonly PlanChild[]): void {
  container.replaceChildren(...nodes.map((n) => materialize(n, document as unknown as DocumentLike) as unknown as Node));
}
