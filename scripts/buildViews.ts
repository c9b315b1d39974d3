/**
 * Builds each MCP Apps view (`views/<name>.ts`) into one self-contained HTML file,
 * `dist/views/<name>.html`: script and styles inline, a CSP that allows exactly those two (by hash)
 * and nothing from the network. Fails when a view exceeds APP_MAX_BYTES.
 *
 *   tsx scripts/buildViews.ts [outDir]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { APP_MAX_BYTES, APP_VIEWS, PREVIEW_TODAY_SLOT } from '../src/mcp/apps/views.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The page around one view's script. */
function page(titleText: string, script: string, style: string): string {
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    "img-src 'none'",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return htmlDocument(csp, titleText, script, style, '');
}

function htmlDocument(csp: string, titleText: string, script: string, style: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${titleText}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    body,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
  ].join('\n');
}

/** One browser script, minified; a `</script` inside the code would end the inline script early. */
async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text.replace(/<\/script/gi, '<\\/script');
}

/**
 * The demo's preview host page (`/apps/preview`): the official AppBridge and an MCP client, bundled.
 * The views live in srcdoc iframes, which inherit this page's CSP, so it allows their scripts by hash too.
 */
function previewPage(script: string, style: string, viewScripts: readonly string[], viewStyle: string): string {
  const csp = [
    "default-src 'none'",
    `script-src ${[script, ...viewScripts].map(sha256).join(' ')}`,
    `style-src ${sha256(style)} ${sha256(viewStyle)}`,
    "img-src 'none'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const body = [
    '<main>',
    '<h1>Oura charts preview</h1>',
    '<p id="status" role="status">Loading…</p>',
    '<form id="key-form" hidden><label>API key <input name="key" type="password" autocomplete="off" required></label> <button>Show the charts</button></form>',
    '<div id="views"></div>',
    '</main>',
  ].join('\n');
  return htmlDocument(csp, 'Oura charts preview', script, style, body).replace(
    '<html lang="en">',
    `<html lang="en" ${PREVIEW_TODAY_SLOT}>`,
  );
}

/** Builds every view into `outDir`, and the demo's preview page; returns each file's size in bytes. */
export async function buildViews(outDir = path.join(root, 'dist', 'views')): Promise<Record<string, number>> {
  mkdirSync(outDir, { recursive: true });
  const style = readFileSync(path.join(root, 'views', 'lib', 'style.css'), 'utf8');
  const sizes: Record<string, number> = {};
  const scripts = await Promise.all(
    APP_VIEWS.map(async (view) => {
      const script = await bundle(path.join(root, 'views', `${view.name}.ts`));
      const html = page(view.title, script, style);
      const bytes = Buffer.byteLength(html, 'utf8');
      if (bytes > APP_MAX_BYTES) throw new Error(`views/${view.name}: ${bytes} B is over the ${APP_MAX_BYTES} B limit`);
      writeFileSync(path.join(outDir, `${view.name}.html`), html);
      sizes[view.name] = bytes;
      return script;
    }),
  );
  const previewStyle = readFileSync(path.join(root, 'views', 'preview', 'style.css'), 'utf8');
  const preview = previewPage(
    await bundle(path.join(root, 'views', 'preview', 'host.ts')),
    previewStyle,
    scripts,
    style,
  );
  writeFileSync(path.join(outDir, 'preview.html'), preview);
  sizes.preview = Buffer.byteLength(preview, 'utf8');
  return sizes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await buildViews(process.argv[2]);
  process.stdout.write(
    `views: ${Object.entries(sizes)
      .map(([name, bytes]) => `${name} ${bytes} B`)
      .join(', ')}\n`,
  );
}
