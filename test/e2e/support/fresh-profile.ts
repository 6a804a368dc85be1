// A second, fresh VS Code for a scenario: its own code-server with an empty profile, the packaged
// extension, a HOME with no ~/.ssh at all and an empty workspace, shown in its own Chromium page.
// The TypeScript twin of scripts/lib.sh's start_code_server (same flags, same process group handling).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from './lab';
import { eventually } from './until';

const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface FreshWindow {
  readonly page: Page;
  /** The new profile's workspace folder (files copied in with `files`). */
  readonly workspace: string;
  /** The new profile's HOME (it has no .ssh). */
  readonly home: string;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts code-server with a fresh profile (no SSH configured), copies `files` into its workspace and opens it. */
export async function openFreshWindow(files: readonly string[]): Promise<FreshWindow> {
  const codeServer = path.join(repoRoot, 'test/e2e/.code-server/node_modules/.bin/code-server');
  const vsix = path.join(repoRoot, 'dist/devstack-network-explorer.vsix');
  if (!existsSync(codeServer) || !existsSync(vsix)) throw new Error('code-server or the .vsix is missing: run through `npm run test:e2e`');
  const run = mkdtempSync('/tmp/devstack-e2e-fresh.');
  const [home, user, extensions, workspace] = ['home', 'user', 'extensions', 'workspace'].map((d) => path.join(run, d)) as [string, string, string, string];
  for (const dir of [home, path.join(user, 'User'), extensions, workspace]) mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(user, 'User', 'settings.json'),
    JSON.stringify({
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
    }),
  );
  for (const f of files) cpSync(f, path.join(workspace, path.basename(f)));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  delete env.SSH_AUTH_SOCK;
  execFileSync(codeServer, ['--user-data-dir', user, '--extensions-dir', extensions, '--install-extension', vsix], { env, stdio: 'ignore' });
  const port = await freePort();
  const server: ChildProcess = spawn(
    codeServer,
    ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--user-data-dir', user, '--extensions-dir', extensions, workspace],
    { env, detached: true, stdio: ['ignore', 'ignore', 'ignore'] },
  );
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    if (server.pid !== undefined) {
      try {
        process.kill(-server.pid, 'SIGTERM'); // its process group: the extension host and watchers too
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 1000));
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    rmSync(run, { recursive: true, force: true });
  };
  try {
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) || (server.exitCode !== null ? undefined : false),
      () => `the fresh code-server did not answer on port ${port}`,
      60_000,
    );
    if (server.exitCode !== null) throw new Error(`the fresh code-server exited (${server.exitCode})`);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`http://127.0.0.1:${port}/?folder=${workspace}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    return { page, workspace, home, close };
  } catch (e) {
    await close();
    throw e;
  }
}
