#!/usr/bin/env node
/**
 * Bundles Electron main and preload with esbuild.
 *
 *   src-main/app/main.ts  → out/main/index.cjs     (Node, CJS; electron-store, which is ESM-only, bundled in;
 *                                                  node-hid stays a require: it is native, packaged from node_modules)
 *   src-preload/index.ts  → out/preload/index.cjs  (main window's sandboxed preload: one file, only 'electron' required)
 *   src-preload/popup.ts  → out/preload/popup.cjs  (the incoming-call popup's preload, same rules)
 *   build/tray/*.png, build/icon.png → out/icons/  (tray, taskbar overlay and notification icons; only out/ is packaged)
 *
 * Usage: node build/scripts/bundle.mjs [--out-dir <dir>] [--production]
 * Exits non-zero when a build fails.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));

const { values } = parseArgs({
  options: {
    'out-dir': { type: 'string', default: path.join(root, 'out') },
    production: { type: 'boolean', default: false },
  },
});
const outDir = path.resolve(values['out-dir']);
const production = values.production || process.env.NODE_ENV === 'production';

/** What main requires at run time besides 'electron' (electron-builder.yml packages exactly these). */
const MAIN_RUNTIME_MODULES = ['node-hid'];

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  external: ['electron'],
  sourcemap: 'linked',
  minify: production,
  legalComments: 'linked',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
};

const targets = [
  {
    ...common,
    entryPoints: ['src-main/app/main.ts'],
    outfile: path.join(outDir, 'main', 'index.cjs'),
    // A native module: its loader finds prebuilds/ beside its own files, so it cannot be inlined.
    external: [...common.external, ...MAIN_RUNTIME_MODULES],
    platform: 'node',
    target: 'node20',
  },
  ...['index', 'popup'].map((name) => ({
    ...common,
    entryPoints: [`src-preload/${name}.ts`],
    outfile: path.join(outDir, 'preload', `${name}.cjs`),
    // A sandboxed preload has browser globals and a `require` that knows only a few modules:
    // bundle for the browser so no Node built-in can slip in unnoticed.
    platform: 'browser',
    target: 'chrome130',
  })),
];

/** Icons main loads at run time: packaged apps only carry out/, so they are copied there. */
function copyIcons() {
  const iconsOut = path.join(outDir, 'icons');
  mkdirSync(iconsOut, { recursive: true });
  const trayDir = path.join(root, 'build', 'tray');
  const files = readdirSync(trayDir).filter((file) => file.endsWith('.png'));
  for (const file of files) copyFileSync(path.join(trayDir, file), path.join(iconsOut, file));
  copyFileSync(path.join(root, 'build', 'icon.png'), path.join(iconsOut, 'icon.png'));
  console.log(`${path.relative(root, iconsOut)}/  ${files.length + 1} icons`);
}

/** Requires a sandboxed preload can satisfy at run time. */
const PRELOAD_RUNTIME_MODULES = new Set(['electron']);

function assertPreloadSelfContained(metafile) {
  const externals = Object.values(metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((entry) => entry.external && !PRELOAD_RUNTIME_MODULES.has(entry.path))
    .map((entry) => entry.path);
  if (externals.length > 0) {
    throw new Error(`preload must bundle everything but 'electron'; it requires: ${[...new Set(externals)].join(', ')}`);
  }
}

try {
  const results = await Promise.all(targets.map((options) => build({ ...options, metafile: true })));
  for (const result of results.slice(1)) assertPreloadSelfContained(result.metafile);
  for (const [i, result] of results.entries()) {
    const [output, meta] = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.cjs')) ?? [];
    if (output && meta) console.log(`${path.relative(root, path.resolve(root, output))}  ${(meta.bytes / 1024).toFixed(1)} KiB`);
    else console.log(`built ${targets[i].outfile}`);
  }
  copyIcons();
} catch (error) {
  // esbuild has already printed the diagnostics.
  if (!(error && typeof error === 'object' && 'errors' in error)) console.error(error);
  process.exitCode = 1;
}
