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
import { APP_MAX_BYTES, APP_VIEWS } from '../src/mcp/apps/views.js';

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
    `<script>${script}</script>`,
    '</body>',
    '</html>',
  ].join('\n');
}

/** Builds every view into `outDir`; returns each file's size in bytes. */
export async function buildViews(outDir = path.join(root, 'dist', 'views')): Promise<Record<string, number>> {
  mkdirSync(outDir, { recursive: true });
  const style = readFileSync(path.join(root, 'views', 'lib', 'style.css'), 'utf8');
  const sizes: Record<string, number> = {};
  await Promise.all(
    APP_VIEWS.map(async (view) => {
      const result = await build({
        entryPoints: [path.join(root, 'views', `${view.name}.ts`)],
        bundle: true,
        minify: true,
        format: 'iife',
        platform: 'browser',
        target: 'es2022',
        write: false,
        legalComments: 'none',
        logLevel: 'silent',
      });
      // A `</script` inside the code would end the inline script early.
      const script = result.outputFiles[0]!.text.replace(/<\/script/gi, '<\\/script');
      const html = page(view.title, script, style);
      const bytes = Buffer.byteLength(html, 'utf8');
      if (bytes > APP_MAX_BYTES) throw new Error(`views/${view.name}: ${bytes} B is over the ${APP_MAX_BYTES} B limit`);
      writeFileSync(path.join(outDir, `${view.name}.html`), html);
      sizes[view.name] = bytes;
    }),
  );
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
