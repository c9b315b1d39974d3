/**
 * The tokens file (`TOKENS_FILE`): the spec's layout, with both tokens encrypted.
 *
 * ```json
 * { "access_token": "iv:tag:ct", "refresh_token": "iv:tag:ct", "expires_at": 1730000000,
 *   "token_type": "Bearer", "scope": "email personal daily", "token_endpoint": "classic", "issued_at": 1729913600 }
 * ```
 * `token_endpoint` and `issued_at` are additions: which token URL works for this app, and when the access
 * token was issued (so a short-lived token's refresh margin can be scaled to its lifetime).
 * No plaintext token ever reaches the disk; writes are atomic with mode 0600. A file that cannot be
 * used (corrupt, tampered, wrong key) is reported as `unreadable` with a reason, never thrown.
 */
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { InternalError } from '../errors.js';
import type { Logger } from '../logger.js';
import { removeStaleTempFiles, writeFileAtomic, type AtomicWriteOptions } from '../lib/atomicFile.js';
import { DecryptionError, decryptSecret, encryptSecret } from '../lib/encryption.js';
import type { TokenEndpointKind } from './types.js';

/** The decrypted contents of the tokens file. Holds secrets: never log it. */
export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  /** Unix seconds. */
  expiresAt: number;
  /** Unix seconds when the access token was issued; null for files written without it. */
  issuedAt: number | null;
  tokenType: string;
  /** Granted scope, space separated. */
  scope: string | null;
  tokenEndpoint: TokenEndpointKind;
}

export type TokenReadResult =
  | { kind: 'missing' }
  | { kind: 'ok'; tokens: StoredTokens }
  /** `reason` is safe to show the owner (no secrets, says how to fix it). */
  | { kind: 'unreadable'; reason: string };

/** Saving the tokens failed (directory not writable, disk full…). The message names the fix. */
export class TokenFileWriteError extends InternalError {}

const fileSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_at: z.number(),
  token_type: z.string().default('Bearer'),
  scope: z.string().nullable().optional(),
  token_endpoint: z.enum(['classic', 'fallback']).optional(),
  issued_at: z.number().nullable().optional(),
});

const FIX = 'Connect Oura again to replace it (open /oauth/authorize with a one-time link).';

export interface TokenStoreOptions {
  /** Absolute path of TOKENS_FILE. */
  file: string;
  /** 32-byte AES key (TOKEN_ENCRYPTION_KEY). */
  key: Buffer;
  logger: Logger;
  /** Test seam passed to every atomic write (e.g. to simulate a crash before the rename). */
  writeOptions?: Pick<AtomicWriteOptions, 'beforeRename'>;
}

/** Reads, writes and deletes TOKENS_FILE. Stateless apart from log de-duplication. */
export class TokenStore {
  /** The lock file guarding refreshes of this tokens file across processes. */
  readonly lockFile: string;
  private lastProblemLogged: string | null = null;

  constructor(private readonly options: TokenStoreOptions) {
    this.lockFile = `${options.file}.lock`;
  }

  get file(): string {
    return this.options.file;
  }

  /** Reads and decrypts the file. Never throws for a bad file: returns `unreadable` and logs once. */
  async read(): Promise<TokenReadResult> {
    let text: string;
    try {
      text = await fs.readFile(this.options.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        this.lastProblemLogged = null;
        return { kind: 'missing' };
      }
      return this.unreadable(`The tokens file (TOKENS_FILE) cannot be read (${code ?? 'error'}): check its permissions, or delete it and connect Oura again.`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.unreadable(`The tokens file (TOKENS_FILE) is not valid JSON, so it was corrupted or edited. ${FIX}`);
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      return this.unreadable(`The tokens file (TOKENS_FILE) does not have the expected fields. ${FIX}`);
    }
    const data = parsed.data;
    let accessToken: string;
    let refreshToken: string;
    try {
      accessToken = decryptSecret(data.access_token, this.options.key);
      refreshToken = decryptSecret(data.refresh_token, this.options.key);
    } catch (error) {
      if (error instanceof DecryptionError && error.reason === 'authentication_failed') {
        return this.unreadable(
          `The tokens in TOKENS_FILE cannot be decrypted: TOKEN_ENCRYPTION_KEY is not the key they were saved with, or the file was modified. Restore the previous key, or ${FIX.charAt(0).toLowerCase()}${FIX.slice(1)}`,
        );
      }
      return this.unreadable(`The tokens file (TOKENS_FILE) holds a malformed encrypted value. ${FIX}`);
    }
    this.lastProblemLogged = null;
    return {
      kind: 'ok',
      tokens: {
        accessToken,
        refreshToken,
        expiresAt: data.expires_at,
        issuedAt: data.issued_at ?? null,
        tokenType: data.token_type,
        scope: data.scope ?? null,
        tokenEndpoint: data.token_endpoint ?? 'classic',
      },
    };
  }

  /**
   * Encrypts (fresh IVs) and atomically replaces the file with mode 0600, creating its directory (0700)
   * when missing. @throws TokenFileWriteError with the path and the fix.
   */
  async write(tokens: StoredTokens): Promise<void> {
    const body = {
      access_token: encryptSecret(tokens.accessToken, this.options.key),
      refresh_token: encryptSecret(tokens.refreshToken, this.options.key),
      expires_at: tokens.expiresAt,
      token_type: tokens.tokenType,
      scope: tokens.scope,
      token_endpoint: tokens.tokenEndpoint,
      issued_at: tokens.issuedAt,
    };
    try {
      await writeFileAtomic(this.options.file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600, dirMode: 0o700, ...this.options.writeOptions });
      // Temp files of writers killed mid-write hold ciphertext only, but should not pile up.
      await removeStaleTempFiles(this.options.file).catch(() => 0);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      this.options.logger.error('Could not save the Oura tokens', { file: this.options.file, errno: code });
      throw new TokenFileWriteError(
        `Could not save the Oura tokens to TOKENS_FILE (${code}): make sure its directory is writable by this user.`,
        { cause: error, logDetail: { file: this.options.file, errno: code } },
      );
    }
  }

  /** Deletes the file; a missing file is fine. */
  async clear(): Promise<void> {
    await fs.rm(this.options.file, { force: true });
  }

  private unreadable(reason: string): TokenReadResult {
    // status() and every tool call read the file; one log line per distinct problem is enough.
    if (this.lastProblemLogged !== reason) {
      this.lastProblemLogged = reason;
      this.options.logger.error(`Oura tokens unusable: ${reason}`, { file: this.options.file });
    }
    return { kind: 'unreadable', reason };
  }
}
