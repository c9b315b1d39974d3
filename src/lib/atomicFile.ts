/**
 * Crash-safe file replacement: write a temp file in the same directory, fsync it, rename it over the
 * target, then fsync the directory. A crash at any point leaves either the old file or the new one,
 * never a half-written target (rename is atomic within one file system; the temp file must therefore
 * live in the same directory, not in /tmp).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Mode of the written file (default 0o600: owner read/write only). */
  mode?: number;
  /** Mode for directories created on the way (default 0o700). */
  dirMode?: number;
  /**
   * Test seam: runs after the temp file is fully written and synced, before the rename. A throw here
   * stands for a crash between the two steps.
   */
  beforeRename?: (tempPath: string) => void | Promise<void>;
}

/** Prefix of the temp files this module creates next to a target; readers must ignore them. */
export function tempPrefixFor(target: string): string {
  return `${path.basename(target)}.tmp-`;
}

/**
 * Atomically replaces `target` with `data`, creating missing parent directories (mode `dirMode`).
 * On failure the temp file is removed (best effort) and the original error is rethrown.
 */
export async function writeFileAtomic(
  target: string,
  data: string | Buffer,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const mode = options.mode ?? 0o600;
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true, mode: options.dirMode ?? 0o700 });
  const tempPath = path.join(dir, `${tempPrefixFor(target)}${process.pid}-${randomBytes(6).toString('hex')}`);
  let renamed = false;
  try {
    // 'wx': never follow or reuse an existing path (a planted symlink cannot redirect the write).
    const handle = await fs.open(tempPath, 'wx', mode);
    try {
      // open() applies the umask; chmod makes the mode exact whatever the umask is.
      await handle.chmod(mode);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.beforeRename) await options.beforeRename(tempPath);
    await fs.rename(tempPath, target);
    renamed = true;
    await syncDirectory(dir);
  } finally {
    if (!renamed) await fs.rm(tempPath, { force: true }).catch(() => undefined);
  }
}

/** fsync a directory so the rename itself survives a power loss; not supported everywhere (Windows). */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort: some platforms refuse to open or fsync a directory.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Removes temp files left next to `target` by writers that crashed before renaming, if older than
 * `olderThanMs` (younger ones may belong to a writer that is still running in another process).
 */
export async function removeStaleTempFiles(
  target: string,
  olderThanMs = 60_000,
  nowMs: number = Date.now(),
): Promise<number> {
  const dir = path.dirname(target);
  const prefix = tempPrefixFor(target);
  let removed = 0;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const full = path.join(dir, name);
    try {
      const stat = await fs.stat(full);
      if (nowMs - stat.mtimeMs >= olderThanMs) {
        await fs.rm(full, { force: true });
        removed += 1;
      }
    } catch {
      // Another process removed or renamed it meanwhile.
    }
  }
  return removed;
}
