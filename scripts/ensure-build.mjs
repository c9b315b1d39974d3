// Builds dist/ (the server bundle and the MCP Apps views, scripts/build.ts) when it is missing or older than
// any file in src/ or views/ (npm run demo on a fresh clone). No type check here: that is `npm run build`'s.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const marker = path.join(root, 'dist', 'index.js');
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
  process.stdout.write('Building dist/…\n');
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'scripts', 'build.ts')],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
