/**
 * `npm run build` (after the type check): the server as it ships, then the MCP Apps views.
 *
 * The server is one esbuild bundle of `src/index.ts` and every package it imports, written flat into `dist/`:
 * the entry `dist/index.js` plus shared chunks, split so each command loads only what it needs (`--version`
 * loads 6 KB, `setup` never loads the HTTP server, axios arrives with the first request to Oura). Why a bundle:
 * start-up. Unbundled, Node resolves, reads and links several hundred files one by one before the server answers; the
 * bundle starts in about half the time (`npm run bench`, "Start-up"). The installed package therefore needs no
 * `node_modules`: the packages are devDependencies, and their licences ship in `dist/THIRD_PARTY_LICENSES.txt`.
 *
 *   tsx scripts/build.ts
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { buildViews } from './buildViews.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * CommonJS packages (express, winston, joi…) call `require('http')`; in an ES module bundle that needs a real
 * `require`. Every output file gets one (named so no bundled module can collide with it).
 */
export const REQUIRE_SHIM =
  "import { createRequire as __ouraCreateRequire } from 'node:module'; const require = __ouraCreateRequire(import.meta.url);";

export async function bundleServer(outDir: string): Promise<Metafile> {
  const result = await build({
    entryPoints: { index: path.join(root, 'src', 'index.ts') },
    outdir: outDir,
    absWorkingDir: root,
    // Flat: src/packageRoot.ts finds the package root as `..` of whichever file it lands in.
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: REQUIRE_SHIM },
    // Readable stack traces in an owner's bug report matter more than the few milliseconds minifying saves.
    minify: false,
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
}

/** The folder of the package that `input` (a metafile input path) belongs to, or null for our own sources. */
function packageDirOf(input: string): string | null {
  const marker = 'node_modules/';
  const at = input.lastIndexOf(marker);
  if (at === -1) return null;
  const rest = input.slice(at + marker.length).split('/');
  const name = rest[0]!.startsWith('@') ? rest.slice(0, 2).join('/') : rest[0]!;
  return path.join(root, input.slice(0, at + marker.length), name);
}

/** Name, version, licence and licence text of every package the bundle holds code from. */
export function thirdPartyLicenses(metafile: Metafile): string {
  const dirs = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const dir = packageDirOf(input);
    if (dir) dirs.add(dir);
  }
  const sections = [...dirs]
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
        license?: string;
      };
      const licenceFile = readdirSync(dir).find((file) => /^(licen[cs]e|copying)(\.|$)/i.test(file));
      const text = licenceFile
        ? readFileSync(path.join(dir, licenceFile), 'utf8').trim()
        : `(no licence file in the package; package.json says ${manifest.license ?? 'nothing'})`;
      return { id: `${manifest.name}@${manifest.version}`, licence: manifest.license ?? 'unknown', text };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  return [
    'oura-mcp-server bundles the following packages into dist/. Their licences:',
    '',
    ...sections.map((s) => `${'='.repeat(78)}\n${s.id} (${s.licence})\n${'='.repeat(78)}\n${s.text}\n`),
  ].join('\n');
}

/** `dist/` from scratch. It must be the package's own `dist/`: the bundle finds package.json as its parent. */
export async function buildAll(): Promise<void> {
  const outDir = path.join(root, 'dist');
  // Nothing from an older build (the unbundled tsc output had dist/<folder>/…) may linger.
  if (existsSync(outDir)) rmSync(outDir, { recursive: true, force: true });
  const metafile = await bundleServer(outDir);
  writeFileSync(path.join(outDir, 'THIRD_PARTY_LICENSES.txt'), thirdPartyLicenses(metafile));
  await buildViews(path.join(outDir, 'views'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildAll();
}
