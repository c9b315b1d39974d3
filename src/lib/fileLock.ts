/**
 * A cross-process lock built on a lock file created with O_EXCL: the HTTP server and a `--stdio`
 * instance share one tokens file, and Oura's refresh tokens are single use, so two processes must never
 * refresh at the same time.
 *
 * The lock file holds `{pid, hostname, acquired_at, nonce}`. A lock is broken when its holder is a dead
 * process on this host, or when it is older than `staleMs` (a holder that hangs must not block the owner
 * forever; holders finish well within that time because every HTTP call inside has a shorter timeout).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FileLockOptions {
  /** Give up waiting after this long (default 15 s). */
  timeoutMs?: number;
  /** A lock older than this is considered abandoned (default 30 s). */
  staleMs?: number;
  /**
   * An empty or unreadable lock file older than this is abandoned (default 2 s): its holder died between
   * creating the file and writing a few bytes into it, which a live holder does within microseconds.
   */
  unwrittenGraceMs?: number;
  /** Pause between attempts while waiting (default 25 ms, with jitter). */
  retryMs?: number;
  /** Clock, for tests (ms since epoch). */
  now?: () => number;
}

/** The lock could not be taken in time: another holder is alive and busy. */
export class LockTimeoutError extends Error {
  constructor(
    readonly lockPath: string,
    readonly waitedMs: number,
  ) {
    super(`Timed out after ${waitedMs} ms waiting for the lock ${lockPath}.`);
    this.name = 'LockTimeoutError';
  }
}

interface LockContent {
  pid: number;
  hostname: string;
  acquired_at: number;
  nonce: string;
}

function parseLock(text: string): LockContent | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const v = value as Record<string, unknown>;
    if (typeof v.pid !== 'number' || typeof v.acquired_at !== 'number' || typeof v.nonce !== 'string') return null;
    return {
      pid: v.pid,
      hostname: typeof v.hostname === 'string' ? v.hostname : '',
      acquired_at: v.acquired_at,
      nonce: v.nonce,
    };
  } catch {
    return null;
  }
}

/** True unless the pid certainly does not exist (EPERM means it exists but belongs to someone else). */
function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === code;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function tryCreate(lockPath: string, content: LockContent, mayCreateDir = true): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(lockPath, 'wx', 0o600);
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    if (!isErrno(error, 'ENOENT') || !mayCreateDir) throw error;
    // First connection with a TOKENS_FILE in a directory that does not exist yet.
    await fs.mkdir(path.dirname(lockPath), { recursive: true, mode: 0o700 });
    return tryCreate(lockPath, content, false);
  }
  try {
    await handle.writeFile(JSON.stringify(content));
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Removes an abandoned lock without ever removing a live one: the file is first renamed to a unique name
 * (atomic, so only one breaker wins), then checked; if it turned out to be a fresh lock taken meanwhile,
 * it is put back with link() (which refuses to overwrite).
 */
async function breakLock(lockPath: string, seen: LockContent | null, seenText: string): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(lockPath, aside);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    throw error;
  }
  const text = await fs.readFile(aside, 'utf8').catch(() => '');
  const now = parseLock(text);
  const sameLock = seen && now ? now.nonce === seen.nonce : text === seenText;
  if (!sameLock) await fs.link(aside, lockPath).catch(() => undefined);
  await fs.rm(aside, { force: true });
}

/** Takes the lock, waiting up to `timeoutMs`. Returns the release function. @throws LockTimeoutError */
export async function acquireFileLock(lockPath: string, options: FileLockOptions = {}): Promise<() => Promise<void>> {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const staleMs = options.staleMs ?? 30_000;
  const unwrittenGraceMs = options.unwrittenGraceMs ?? 2_000;
  const retryMs = options.retryMs ?? 25;
  const started = now();
  const hostname = os.hostname();
  const mine: LockContent = { pid: process.pid, hostname, acquired_at: now(), nonce: randomBytes(12).toString('hex') };

  for (;;) {
    mine.acquired_at = now();
    if (await tryCreate(lockPath, mine)) break;

    const text = await fs.readFile(lockPath, 'utf8').catch((error: unknown) => (isErrno(error, 'ENOENT') ? null : ''));
    if (text === null) continue; // released between our attempt and the read: try again at once
    const holder = parseLock(text);
    const deadHolder = holder !== null && holder.hostname === hostname && !processAlive(holder.pid);
    let age: number;
    if (holder) {
      age = now() - holder.acquired_at;
    } else {
      // Unparseable: a holder that crashed between create and write, or one writing right now. Judge by mtime.
      age = await fs
        .stat(lockPath)
        .then((s) => now() - s.mtimeMs)
        .catch(() => 0);
    }
    // A crash between create and write leaves no pid to check: without this the lock would block
    // every refresh for staleMs, longer than callers wait (regression: SIGKILL during rotation).
    const abandonedUnwritten = holder === null && age > unwrittenGraceMs;
    if (deadHolder || abandonedUnwritten || age > staleMs) {
      await breakLock(lockPath, holder, text);
      continue;
    }
    const waited = now() - started;
    if (waited >= timeoutMs) throw new LockTimeoutError(lockPath, waited);
    await sleep(retryMs / 2 + Math.random() * retryMs);
  }

  let released = false;
  return async () => {
    if (released) return;
    released = true;
    // Only remove the file if it is still ours (it may have been broken as stale and retaken).
    const text = await fs.readFile(lockPath, 'utf8').catch(() => null);
    if (text !== null && parseLock(text)?.nonce === mine.nonce) await fs.rm(lockPath, { force: true });
  };
}

/**
 * Runs `fn` while holding the lock file `lockPath`, and releases it afterwards even when `fn` throws.
 * @throws LockTimeoutError when the lock stays held by a live process for `timeoutMs`.
 */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const release = await acquireFileLock(lockPath, options);
  try {
    return await fn();
  } finally {
    await release();
  }
}
