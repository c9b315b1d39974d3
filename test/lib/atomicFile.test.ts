import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTempFiles, tempPrefixFor, writeFileAtomic } from '../../src/lib/atomicFile.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atomic-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes the file with mode 0600 whatever the umask', async () => {
    const file = path.join(dir, 'a.json');
    const old = process.umask(0o000);
    try {
      await writeFileAtomic(file, 'hello');
    } finally {
      process.umask(old);
    }
    expect(await fs.readFile(file, 'utf8')).toBe('hello');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  it('tightens the mode of a file that was readable by others', async () => {
    const file = path.join(dir, 'a.json');
    await fs.writeFile(file, 'old', { mode: 0o644 });
    await writeFileAtomic(file, 'new');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  it('creates missing directories with mode 0700', async () => {
    const file = path.join(dir, 'nested', 'deeper', 'a.json');
    await writeFileAtomic(file, 'x');
    expect(await fs.readFile(file, 'utf8')).toBe('x');
    expect((await fs.stat(path.dirname(file))).mode & 0o777).toBe(0o700);
  });

  it('a crash between temp write and rename leaves the old file intact and no temp file behind', async () => {
    const file = path.join(dir, 'a.json');
    await writeFileAtomic(file, 'old content');
    let tempSeen = '';
    await expect(
      writeFileAtomic(file, 'new content', {
        beforeRename: async (temp) => {
          tempSeen = temp;
          // The temp file is complete and lives in the same directory (rename is atomic only there).
          expect(path.dirname(temp)).toBe(dir);
          expect(await fs.readFile(temp, 'utf8')).toBe('new content');
          throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    expect(await fs.readFile(file, 'utf8')).toBe('old content');
    await expect(fs.stat(tempSeen)).rejects.toThrow();
  });

  it('never writes the target in place: a reader sees old or new, never a prefix', async () => {
    const file = path.join(dir, 'a.json');
    const big = (c: string) => c.repeat(256 * 1024);
    await writeFileAtomic(file, big('a'));
    let stop = false;
    const seen = new Set<string>();
    const reader = (async () => {
      while (!stop) {
        const text = await fs.readFile(file, 'utf8');
        seen.add(text.length === 256 * 1024 && (text === big('a') || text === big('b')) ? 'whole' : 'torn');
      }
    })();
    for (let i = 0; i < 20; i += 1) await writeFileAtomic(file, big(i % 2 === 0 ? 'b' : 'a'));
    stop = true;
    await reader;
    expect(seen).toEqual(new Set(['whole']));
  });

  it('concurrent writers never share a temp file and leave none behind', async () => {
    const file = path.join(dir, 'a.json');
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(file, `v${i}`)));
    expect(await fs.readFile(file, 'utf8')).toMatch(/^v\d+$/);
    const leftovers = (await fs.readdir(dir)).filter((n) => n.startsWith(tempPrefixFor(file)));
    expect(leftovers).toEqual([]);
  });
});

describe('removeStaleTempFiles', () => {
  it('removes only old temp files of that target', async () => {
    const file = path.join(dir, 'tokens.json');
    const old = path.join(dir, `${tempPrefixFor(file)}old`);
    const young = path.join(dir, `${tempPrefixFor(file)}young`);
    const other = path.join(dir, 'other.tmp-x');
    for (const f of [old, young, other]) await fs.writeFile(f, 'x');
    const past = new Date(Date.now() - 120_000);
    await fs.utimes(old, past, past);
    expect(await removeStaleTempFiles(file, 60_000)).toBe(1);
    expect((await fs.readdir(dir)).sort()).toEqual([path.basename(other), path.basename(young)].sort());
  });
});
