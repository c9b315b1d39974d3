/**
 * Spawning the real entry point for process-level tests. The built server (`dist/index.js`) is used
 * when it is at least as new as every source file (CI builds before testing); otherwise
 * `src/index.ts` runs through tsx, so a stale or missing build never makes the tests lie.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function serverArgs(): string[] {
  const built = path.join(REPO_ROOT, 'dist', 'index.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(path.join(REPO_ROOT, 'src'))) return [built];
  return ['--import', 'tsx', path.join(REPO_ROOT, 'src', 'index.ts')];
}

/** Node arguments that start the server: `dist/index.js` when fresh, else `--import tsx src/index.ts`. */
export const NODE_ARGS = serverArgs();

/** {@link NODE_ARGS} that work from any working directory (the tsx loader named by absolute URL). */
export const NODE_ARGS_ANY_CWD = NODE_ARGS.map((arg) =>
  arg === 'tsx' ? pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href : arg,
);

/** A complete environment for a spawned server (no Oura calls are made by these tests). */
export function spawnEnv(extra: Record<string, string> = {}): { env: Record<string, string>; authToken: string } {
  const authToken = randomBytes(32).toString('hex');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oura-spawn-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    // No per-user config file of the machine running the tests leaks in.
    XDG_CONFIG_HOME: dir,
    AUTH_TOKEN: authToken,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    OURA_CLIENT_ID: 'spawn-client',
    OURA_CLIENT_SECRET: 'spawn-secret-value',
    OURA_REDIRECT_URI: 'http://127.0.0.1:3001/oauth/callback',
    // Nothing listens there: a test that reached Oura would fail fast.
    OURA_API_BASE_URL: 'http://127.0.0.1:9',
    OURA_TIMEZONE: 'Europe/Berlin',
    TOKENS_FILE: path.join(dir, 'tokens.json'),
    HOST: '127.0.0.1',
    PORT: '0',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    ...extra,
  };
  return { env, authToken };
}
