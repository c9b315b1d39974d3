/**
 * A real process killed with SIGKILL while it rewrites the tokens file, several times: the file must
 * always decrypt to one complete pair (access and refresh of the same generation), never a torn one.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/logger.js';
import { TokenStore } from '../../src/oauth/tokens.js';
import { tempDir } from './helpers.js';

const KEY_HEX = 'cd'.repeat(32);
let dir: string;
beforeEach(async () => {
  dir = await tempDir('crash-');
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('tokens file under SIGKILL', () => {
  it('always holds a complete old or new pair', async () => {
    const file = path.join(dir, 'tokens.json');
    const script = path.join(dir, 'writer.mjs');
    await fs.writeFile(
      script,
      `const { TokenStore } = await import(${JSON.stringify(path.resolve('src/oauth/tokens.ts'))});
       const { createSilentLogger } = await import(${JSON.stringify(path.resolve('src/logger.ts'))});
       const store = new TokenStore({ file: process.argv[2], key: Buffer.from(process.argv[3], 'hex'), logger: createSilentLogger() });
       let n = Number(process.argv[4]);
       process.stdout.write('ready\\n');
       for (;;) {
         n += 1;
         // Long tokens make each write take long enough to be interrupted.
         await store.write({ accessToken: 'A-' + n + '-' + 'a'.repeat(20000), refreshToken: 'R-' + n + '-' + 'r'.repeat(20000),
           expiresAt: n, issuedAt: n, tokenType: 'Bearer', scope: 'daily', tokenEndpoint: 'classic' });
       }`,
    );
    const store = new TokenStore({ file, key: Buffer.from(KEY_HEX, 'hex'), logger: createSilentLogger() });
    await store.write({
      accessToken: `A-0-${'a'.repeat(20000)}`,
      refreshToken: `R-0-${'r'.repeat(20000)}`,
      expiresAt: 0,
      issuedAt: 0,
      tokenType: 'Bearer',
      scope: 'daily',
      tokenEndpoint: 'classic',
    });
    let generation = 0;
    for (let round = 0; round < 4; round += 1) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', script, file, KEY_HEX, String(generation * 1_000_000)],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 30 + Math.random() * 60));
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGKILL');
      await exited;
      generation += 1;
      const read = await store.read();
      expect(read.kind, `round ${round}`).toBe('ok');
      if (read.kind !== 'ok') return;
      const a = /^A-(\d+)-/.exec(read.tokens.accessToken)?.[1];
      const r = /^R-(\d+)-/.exec(read.tokens.refreshToken)?.[1];
      expect(a).toBeDefined();
      expect(a).toBe(r);
      expect(String(read.tokens.expiresAt)).toBe(a);
      expect(read.tokens.accessToken.length).toBe(`A-${a}-`.length + 20000);
    }
  });
});
