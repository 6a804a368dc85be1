// Turns a picture's SVG plan into DOM with createElementNS, setAttribute and text
// nodes only: remote names can never become markup. Tags and attributes are checked.
import { isSvgAttribute, SVG_TAGS, type SvgChild } from '../../src/core/picture/svg';

const NS = 'http://www.w3.org/2000/svg';

/** The few DOM calls used, so a test can pass a recording fake. */
export interface SvgDocumentLike {
  createElementNS(ns: string, tag: string): { setAttribute(name: string, value: string): void; append(...nodes: unknown[]): void };
  createTextNode(text: string): unknown;
}

export function materializeSvg(node: SvgChild, doc: SvgDocumentLike): unknown {
  if (typeof node === 'string') return doc.createTextNode(node);
  if (!SVG_TAGS.has(node.tag) || node.tag === 'style') throw new Error(`picture plan uses a tag that is not allowed here: ${node.tag}`);
  const el = doc.createElementNS(NS, node.tag);
  for (const [name, value] of Object.entries(node.attrs)) {
    if (!isSvgAttribute(name) || name === 'xmlns') {
      if (name === 'xmlns') continue;
      throw new Error(`picture plan uses an attribute that is not allowed: ${name}`);
    }
    el.setAttribute(name, value);
  }
  el.append(...node.children.map((c) => materializeSvg(c, doc)));
  return el;
}
