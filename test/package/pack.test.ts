/**
 * What `npm pack` would publish: the built server, README, LICENSE and .env.example, never tests, bench, scripts
 * or CI files. Runs the real npm against package.json's `files`, both on a staged tree that holds every kind of
 * file a build can leave in dist/ and on the repository itself.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

async function packedPaths(cwd: string): Promise<string[]> {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd });
  const parsed: unknown = JSON.parse(stdout);
  if (!Array.isArray(parsed)) throw new Error(`npm pack --json printed no array: ${stdout.slice(0, 200)}`);
  const [entry] = parsed as { files: { path: string }[] }[];
  if (!entry) throw new Error('npm pack --json printed an empty array');
  return entry.files.map((file) => file.path).sort();
}

const forbidden = /^(test|bench|scripts|\.ci|src|coverage|test-artifacts)\/|^dist\/(test|bench|scripts|src)\/|\.map$/;

describe('npm pack', () => {
  const staged = mkdtempSync(path.join(os.tmpdir(), 'oura-pack-'));
  afterAll(() => rmSync(staged, { recursive: true, force: true }));

  it('publishes only the built server, README, LICENSE and .env.example, whatever else is on disk', async () => {
    // package.json without scripts: npm must not run anything here, only apply `files`.
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    delete manifest.scripts;
    writeFileSync(path.join(staged, 'package.json'), JSON.stringify(manifest));
    for (const file of ['README.md', 'LICENSE', '.env.example']) {
      copyFileSync(path.join(REPO_ROOT, file), path.join(staged, file));
    }
    // What `npm run build` emits (scripts/build.ts), plus what `tsc -p tsconfig.json` (rootDir '.') or an older
    // unbundled build would leave in dist/.
    const onDisk = [
      'dist/index.js',
      'dist/chunk-ABCDEF12.js',
      'dist/THIRD_PARTY_LICENSES.txt',
      'dist/views/sleep.html',
      'dist/index.js.map',
      'dist/oura/client.js',
      'dist/src/index.js',
      'dist/test/oura/client.retry.test.js',
      'dist/bench/run.js',
      'dist/scripts/docs.js',
      'src/index.ts',
      'test/oura/client.retry.test.ts',
      'bench/run.ts',
      'scripts/docs.ts',
      '.ci/run',
      'coverage/coverage-summary.json',
      'tsconfig.json',
      'vitest.config.ts',
    ];
    for (const file of onDisk) {
      mkdirSync(path.dirname(path.join(staged, file)), { recursive: true });
      writeFileSync(path.join(staged, file), '// staged\n');
    }

    expect(await packedPaths(staged)).toEqual([
      '.env.example',
      'LICENSE',
      'README.md',
      'dist/THIRD_PARTY_LICENSES.txt',
      'dist/chunk-ABCDEF12.js',
      'dist/index.js',
      'dist/oura/client.js',
      'dist/views/sleep.html',
      'package.json',
    ]);
  });

  it('the repository itself packs no test, bench, scripts or CI file', async () => {
    const paths = await packedPaths(REPO_ROOT);
    expect(paths.filter((file) => forbidden.test(file))).toEqual([]);
    expect(paths.filter((file) => !file.startsWith('dist/'))).toEqual([
      '.env.example',
      'LICENSE',
      'README.md',
      'package.json',
    ]);
  });
});
