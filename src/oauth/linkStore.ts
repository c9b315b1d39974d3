/**
 * The single-use stores behind one-time links: in memory (one process), or a folder beside
 * TOKENS_FILE shared by every process that uses that tokens file, so a link the stdio process hands
 * out works when the callback reaches the HTTP server.
 *
 * In the folder each entry is one file named by the SHA-256 of its secret, its payload (a PKCE code
 * verifier) encrypted with TOKEN_ENCRYPTION_KEY and its expiry authenticated with it. Spending is an
 * atomic rename to `<name>.used`: of two processes spending the same link, exactly one rename succeeds,
 * so single use holds across processes without a lock. The `.used` file is the tombstone (no payload).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decryptSecret, encryptSecret } from '../lib/encryption.js';

export type LinkFailure = 'unknown' | 'expired' | 'reused';
export type ConsumeResult<T> = { ok: true; payload: T } | { ok: false; reason: LinkFailure };

export interface SingleUseStore<T> {
  add(secret: string, payload: T): void;
  /** Checks `secret` and, when `spend` is true and it is valid, uses it up. */
  consume(secret: unknown, spend?: boolean): ConsumeResult<T>;
  /** Whether `secret` is live (known, unused, unexpired) and has at least `minLifeMs` left. */
  isLive(secret: string, minLifeMs: number): boolean;
  readonly size: number;
}

/** Longest value accepted for lookup; ours are 43 characters, anything far longer is not ours. */
const MAX_SECRET_LENGTH = 256;

function digest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

function acceptable(secret: unknown): secret is string {
  return typeof secret === 'string' && secret.length > 0 && secret.length <= MAX_SECRET_LENGTH;
}

interface Entry<T> {
  expiresAt: number;
  /** null once used: the tombstone keeps no payload (a code verifier). */
  payload: T | null;
}

/** One process's store. A flood evicts the oldest entries (Map keeps insertion order). */
export class MemoryStore<T> implements SingleUseStore<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  add(secret: string, payload: T): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (now >= entry.expiresAt) this.entries.delete(key);
    }
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(digest(secret), { expiresAt: now + this.ttlMs, payload });
  }

  consume(secret: unknown, spend = true): ConsumeResult<T> {
    if (!acceptable(secret)) return { ok: false, reason: 'unknown' };
    const key = digest(secret);
    const entry = this.entries.get(key);
    if (!entry) return { ok: false, reason: 'unknown' };
    if (entry.payload === null) return { ok: false, reason: 'reused' };
    if (this.now() >= entry.expiresAt) {
      this.entries.delete(key);
      return { ok: false, reason: 'expired' };
    }
    const payload = entry.payload;
    if (spend) entry.payload = null;
    return { ok: true, payload };
  }

  isLive(secret: string, minLifeMs: number): boolean {
    const entry = this.entries.get(digest(secret));
    return entry !== undefined && entry.payload !== null && entry.expiresAt - this.now() >= minLifeMs;
  }

  get size(): number {
    return this.entries.size;
  }
}

const USED = '.used';

interface EntryFile {
  expiresAt: number;
  /** Encrypted JSON of the payload; absent in a tombstone. */
  payload?: string;
}

function isEntryFile(value: unknown): value is EntryFile {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.expiresAt === 'number' && (record.payload === undefined || typeof record.payload === 'string');
}

function readEntry(file: string): EntryFile | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isEntryFile(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone: another process swept it.
  }
}

export interface FolderStoreOptions {
  dir: string;
  /** Names one kind of entry (`grant-`, `state-`) inside the shared folder. */
  prefix: string;
  key: Buffer;
  ttlMs: number;
  maxEntries: number;
  now: () => number;
}

/**
 * The store shared by the processes that share TOKENS_FILE (see the module comment). When the folder
 * cannot be written (its parent is a file, a read-only disk), links go on working inside this process:
 * the store falls back to memory rather than failing every link; saving the tokens reports the problem.
 */
export class FolderStore<T> implements SingleUseStore<T> {
  private memory: MemoryStore<T> | null = null;

  constructor(private readonly options: FolderStoreOptions) {}

  private fileOf(secret: string): string {
    return path.join(this.options.dir, `${this.options.prefix}${digest(secret)}`);
  }

  /** The expiry is authenticated with the payload: editing the file cannot extend a link. */
  private associatedData(file: string, expiresAt: number): string {
    return JSON.stringify(['oura-mcp-server one-time link', path.basename(file), expiresAt]);
  }

  private names(): string[] {
    try {
      return readdirSync(this.options.dir).filter((name) => name.startsWith(this.options.prefix));
    } catch {
      return [];
    }
  }

  /** Drops expired entries and tombstones, then the soonest-expiring while at the cap. */
  private sweep(): void {
    const now = this.options.now();
    const live: Array<{ file: string; expiresAt: number }> = [];
    for (const name of this.names()) {
      const file = path.join(this.options.dir, name);
      const entry = readEntry(file);
      if (entry === null || now >= entry.expiresAt) removeQuietly(file);
      else live.push({ file, expiresAt: entry.expiresAt });
    }
    live.sort((a, b) => a.expiresAt - b.expiresAt);
    for (let excess = live.length - this.options.maxEntries + 1; excess > 0; excess--)
      removeQuietly(live.shift()!.file);
  }

  add(secret: string, payload: T): void {
    try {
      this.addToFolder(secret, payload);
    } catch {
      this.memory ??= new MemoryStore<T>(this.options.ttlMs, this.options.maxEntries, this.options.now);
      this.memory.add(secret, payload);
    }
  }

  private addToFolder(secret: string, payload: T): void {
    mkdirSync(this.options.dir, { recursive: true, mode: 0o700 });
    this.sweep();
    const file = this.fileOf(secret);
    const expiresAt = this.options.now() + this.options.ttlMs;
    const entry: EntryFile = {
      expiresAt,
      payload: encryptSecret(JSON.stringify(payload), this.options.key, this.associatedData(file, expiresAt)),
    };
    // Written whole, then renamed in: another process never reads half an entry.
    const temp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
    writeFileSync(temp, JSON.stringify(entry), { mode: 0o600, flag: 'wx' });
    renameSync(temp, file);
  }

  consume(secret: unknown, spend = true): ConsumeResult<T> {
    if (!acceptable(secret)) return { ok: false, reason: 'unknown' };
    const inMemory = this.memory?.consume(secret, spend);
    if (inMemory && (inMemory.ok || inMemory.reason !== 'unknown')) return inMemory;
    const file = this.fileOf(secret);
    const entry = readEntry(file);
    if (entry === null || entry.payload === undefined)
      return { ok: false, reason: readEntry(`${file}${USED}`) === null ? 'unknown' : 'reused' };
    if (this.options.now() >= entry.expiresAt) {
      removeQuietly(file);
      return { ok: false, reason: 'expired' };
    }
    let payload: T;
    try {
      payload = JSON.parse(
        decryptSecret(entry.payload, this.options.key, this.associatedData(file, entry.expiresAt)),
      ) as T;
    } catch {
      // Written under another key (TOKEN_ENCRYPTION_KEY changed) or tampered with: not ours.
      return { ok: false, reason: 'unknown' };
    }
    if (spend) {
      try {
        renameSync(file, `${file}${USED}`);
      } catch {
        return { ok: false, reason: 'reused' }; // another process spent it first
      }
      writeFileSync(`${file}${USED}`, JSON.stringify({ expiresAt: entry.expiresAt }), { mode: 0o600 });
    }
    return { ok: true, payload };
  }

  isLive(secret: string, minLifeMs: number): boolean {
    if (this.memory?.isLive(secret, minLifeMs)) return true;
    const entry = readEntry(this.fileOf(secret));
    return entry?.payload !== undefined && entry.expiresAt - this.options.now() >= minLifeMs;
  }

  get size(): number {
    return this.names().length + (this.memory?.size ?? 0);
  }
}
