import { strict as assert } from 'node:assert';
import { contentSecurityPolicy, makeNonce, webviewHtml } from '../../../src/core/webview/html';

describe('webview HTML shell', () => {
  const nonce = makeNonce();
  const html = webviewHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce,
    title: 'iptables: <qrouter>',
    styles: ['https://file+.vscode-resource.vscode-cdn.net/ext/media/common.css'],
    scripts: ['https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/chain-inspector.js'],
    body: '<div id="toolbar"></div><main id="main"></main>',
  });

  it('makes a fresh, long nonce each time', () => {
    assert.notEqual(makeNonce(), makeNonce());
    assert.equal(Buffer.from(nonce, 'base64').length, 16);
  });

  it("sets a strict CSP: default-src 'none', assets from the webview source, scripts by nonce only", () => {
    const csp = contentSecurityPolicy('vscode-src', nonce);
    assert.equal(csp, `default-src 'none'; style-src vscode-src; img-src vscode-src; font-src vscode-src; script-src 'nonce-${nonce}'`);
    assert.ok(html.includes(`content="default-src 'none'; style-src https://file+.vscode-resource.vscode-cdn.net;`));
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('loads every script with the nonce, from a URI, with no inline code or handlers', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    for (const [, attrs, body] of scripts) {
      assert.ok(attrs?.includes(`nonce="${nonce}"`));
      assert.match(attrs ?? '', /src="https:\/\/file\+\.vscode-resource/);
      assert.equal(body?.trim(), '');
    }
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /<style/i, 'no inline styles');
    assert.ok(html.includes('<title>iptables: &lt;qrouter&gt;</title>'), 'the title is escaped');
  });
});
