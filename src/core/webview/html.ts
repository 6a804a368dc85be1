// The HTML shell of a webview: strict CSP, a fresh nonce, assets by URI only.
// A pure function (no vscode), tested in plain mocha.
import { randomBytes } from 'node:crypto';

export interface ShellOptions {
  /** webview.cspSource */
  readonly cspSource: string;
  readonly nonce: string;
  readonly title: string;
  /** asWebviewUri strings of the stylesheets and scripts. */
  readonly styles: readonly string[];
  readonly scripts: readonly string[];
  /** Static body markup of the page's own (trusted, constant) skeleton. */
  readonly body: string;
}

/** 128 random bits, base64: a CSP nonce. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function webviewHtml(o: ShellOptions): string {
  const styles = o.styles.map((href) => `<link rel="stylesheet" href="${escapeAttr(href)}">`).join('\n    ');
  const scripts = o.scripts.map((src) => `<script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(src)}"></script>`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <title>${escapeAttr(o.title)}</title>
    ${styles}
  </head>
  <body>
    ${o.body}
    ${scripts}
  </body>
</html>`;
}
