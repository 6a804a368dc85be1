// Bundles the extension and the CLI (node, cjs) and each webview (browser, iife).
import * as esbuild from 'esbuild';
import { readdirSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info' };

// ssh2's native add-ons are optional: when they are missing ssh2 uses its pure-JS crypto.
const nodeBuild = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'cpu-features', '*.node'],
};

const webviews = readdirSync('webview').filter((f) => f.endsWith('.ts')).map((f) => `webview/${f}`);

const builds = [
  { ...nodeBuild, entryPoints: { extension: 'src/vscode/extension.ts' }, outdir: 'dist' },
  { ...nodeBuild, entryPoints: { 'picture-layout-worker': 'src/core/picture/layout-worker.ts' }, outdir: 'dist' },
  { ...nodeBuild, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: webviews, outdir: 'dist/webview' },
];

mkdirSync('dist', { recursive: true });
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
