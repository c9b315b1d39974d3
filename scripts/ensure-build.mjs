// Builds dist/ (the server and the MCP Apps views) when it is missing or older than any file in src/ or
// views/ (npm run demo on a fresh clone).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const marker = path.join(root, 'dist', 'demo', 'main.js');
const viewsMarker = path.join(root, 'dist', 'views', 'sleep.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const newestSource = Math.max(newestMtime(path.join(root, 'src')), newestMtime(path.join(root, 'views')));
const staleFile = (file) => !existsSync(file) || newestSource > statSync(file).mtimeMs;
if (staleFile(marker) || staleFile(viewsMarker)) {
  process.stdout.write('Building (npm run build)…\n');
  const run = (script, args) => {
    const result = spawnSync(process.execPath, [path.join(root, 'node_modules', ...script), ...args], {
      stdio: 'inherit',
    });
    if (result.status !== 0) process.exit(result.status ?? 1);
  };
  run(['typescript', 'bin', 'tsc'], ['-p', path.join(root, 'tsconfig.build.json')]);
  run(['tsx', 'dist', 'cli.mjs'], [path.join(root, 'scripts', 'buildViews.ts')]);
}
