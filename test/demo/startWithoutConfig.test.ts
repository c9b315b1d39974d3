import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NODE_ARGS_ANY_CWD as args } from '../helpers/spawn.js';

const run = promisify(execFile);

describe('npm start without configuration', () => {
  it('exits 1 with one line per problem and a hint to try the demo, without a stack trace', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'oura-noconfig-'));
    const failure = await run(process.execPath, args, {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir },
    }).then(
      () => null,
      (error: { code: number; stderr: string; stdout: string }) => error,
    );
    expect(failure).not.toBeNull();
    expect(failure!.code).toBe(1);
    const lines = failure!.stderr.split('\n');
    for (const name of [
      'AUTH_TOKEN',
      'OURA_CLIENT_ID',
      'OURA_CLIENT_SECRET',
      'OURA_REDIRECT_URI',
      'TOKEN_ENCRYPTION_KEY',
    ]) {
      expect(lines.filter((line) => line.includes(`- ${name}`))).toHaveLength(1);
    }
    expect(failure!.stderr).toContain('openssl rand -hex 32');
    expect(failure!.stderr).toContain('npm run demo');
    expect(failure!.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
