import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireFileLock, LockTimeoutError, withFileLock } from '../../src/lib/fileLock.js';

let dir: string;
let lock: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lock-'));
  lock = path.join(dir, 'tokens.json.lock');
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  const pid = child.pid!;
  await new Promise((r) => child.on('exit', r));
  return pid;
}

describe('withFileLock', () => {
  it('excludes concurrent holders', async () => {
    let inside = 0;
    let maxInside = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(
          lock,
          async () => {
            inside += 1;
            maxInside = Math.max(maxInside, inside);
            await tick(5);
            inside -= 1;
            done += 1;
          },
          { retryMs: 2 },
        ),
      ),
    );
    expect(done).toBe(8);
    expect(maxInside).toBe(1);
    await expect(fs.stat(lock)).rejects.toThrow();
  });

  it('writes pid, hostname and time into the lock, and removes it after a throw', async () => {
    await expect(
      withFileLock(lock, async () => {
        const content = JSON.parse(await fs.readFile(lock, 'utf8')) as Record<string, unknown>;
        expect(content.pid).toBe(process.pid);
        expect(content.hostname).toBe(os.hostname());
        expect(typeof content.acquired_at).toBe('number');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(fs.stat(lock)).rejects.toThrow();
  });

  it('times out while a live holder keeps the lock', async () => {
    const release = await acquireFileLock(lock);
    const started = Date.now();
    await expect(withFileLock(lock, () => Promise.resolve(1), { timeoutMs: 100, retryMs: 10 })).rejects.toBeInstanceOf(
      LockTimeoutError,
    );
    // Gives up near timeoutMs rather than waiting for the holder; seconds of margin for a busy machine.
    expect(Date.now() - started).toBeLessThan(5_000);
    await release();
    await expect(withFileLock(lock, () => Promise.resolve(2))).resolves.toBe(2);
  });

  it('breaks a lock whose holder process is dead', async () => {
    await fs.writeFile(
      lock,
      JSON.stringify({ pid: await deadPid(), hostname: os.hostname(), acquired_at: Date.now(), nonce: 'dead' }),
    );
    await expect(withFileLock(lock, () => Promise.resolve('got it'), { timeoutMs: 5_000 })).resolves.toBe('got it');
  });

  it('breaks a lock older than staleMs even if its pid looks alive', async () => {
    await fs.writeFile(
      lock,
      JSON.stringify({ pid: process.pid, hostname: os.hostname(), acquired_at: Date.now() - 60_000, nonce: 'old' }),
    );
    await expect(
      withFileLock(lock, () => Promise.resolve('got it'), { timeoutMs: 5_000, staleMs: 30_000 }),
    ).resolves.toBe('got it');
  });

  it('does not break a young lock of a live process on another host', async () => {
    await fs.writeFile(
      lock,
      JSON.stringify({ pid: 999_999, hostname: 'another-host', acquired_at: Date.now(), nonce: 'x' }),
    );
    await expect(withFileLock(lock, () => Promise.resolve(1), { timeoutMs: 100, retryMs: 10 })).rejects.toBeInstanceOf(
      LockTimeoutError,
    );
  });

  it('breaks an unparseable lock file only once it is old', async () => {
    await fs.writeFile(lock, '');
    await expect(withFileLock(lock, () => Promise.resolve(1), { timeoutMs: 80, retryMs: 10 })).rejects.toBeInstanceOf(
      LockTimeoutError,
    );
    const past = new Date(Date.now() - 60_000);
    await fs.utimes(lock, past, past);
    await expect(withFileLock(lock, () => Promise.resolve(2), { timeoutMs: 5_000 })).resolves.toBe(2);
  });

  it('breaks an empty lock left by a holder killed mid-write within seconds, well before staleMs (regression)', async () => {
    await fs.writeFile(lock, '');
    const past = new Date(Date.now() - 3_000);
    await fs.utimes(lock, past, past);
    // Taken within timeoutMs, far below staleMs: only the unwritten-lock rule (2 s) can have broken it.
    await expect(
      withFileLock(lock, () => Promise.resolve('got it'), { timeoutMs: 10_000, staleMs: 30_000 }),
    ).resolves.toBe('got it');
  });

  it('release never removes a lock that another holder has taken since', async () => {
    const release = await acquireFileLock(lock);
    // Someone broke ours as stale and took it.
    await fs.writeFile(
      lock,
      JSON.stringify({ pid: process.pid, hostname: os.hostname(), acquired_at: Date.now(), nonce: 'theirs' }),
    );
    await release();
    expect(JSON.parse(await fs.readFile(lock, 'utf8'))).toMatchObject({ nonce: 'theirs' });
  });

  it('creates the directory of the lock file when missing', async () => {
    const nested = path.join(dir, 'missing', 'tokens.json.lock');
    await expect(withFileLock(nested, () => Promise.resolve('ok'))).resolves.toBe('ok');
  });

  it('excludes holders in separate processes', async () => {
    // Two child processes append "start/end" pairs to a log while holding the lock; pairs never interleave.
    const log = path.join(dir, 'log.txt');
    const script = path.join(dir, 'child.mjs');
    const lockModule = path.resolve('src/lib/fileLock.ts');
    await fs.writeFile(
      script,
      `import { appendFileSync } from 'node:fs';
       const { withFileLock } = await import(${JSON.stringify(lockModule)});
       for (let i = 0; i < 10; i++) {
         await withFileLock(${JSON.stringify(lock)}, async () => {
           appendFileSync(${JSON.stringify(log)}, 'start ' + process.pid + '\\n');
           await new Promise((r) => setTimeout(r, 3));
           appendFileSync(${JSON.stringify(log)}, 'end ' + process.pid + '\\n');
         }, { retryMs: 4 });
       }`,
    );
    const run = () =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: 'ignore' });
        child.on('exit', (code) => resolve(code ?? -1));
      });
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);
    const lines = (await fs.readFile(log, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(40);
    for (let i = 0; i < lines.length; i += 2) {
      const [a, pidA] = lines[i]!.split(' ');
      const [b, pidB] = lines[i + 1]!.split(' ');
      expect([a, b]).toEqual(['start', 'end']);
      expect(pidA).toBe(pidB);
    }
  });
});
