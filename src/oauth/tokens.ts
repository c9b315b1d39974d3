/**
 * The tokens file (`TOKENS_FILE`): the spec's layout, with both tokens encrypted.
 *
 * ```json
 * { "access_token": "iv:tag:ct", "refresh_token": "iv:tag:ct", "expires_at": 1730000000,
 *   "token_type": "Bearer", "scope": "email personal daily", "token_endpoint": "classic", "issued_at": 1729913600 }
 * ```
 * `token_endpoint` and `issued_at` are additions: which token URL works for this app, and when the access
 * token was issued (so a short-lived token's refresh margin can be scaled to its lifetime).
 *
 * The whole record is authenticated (`"format": 2`): each ciphertext carries, as associated data, its
 * field name and every plain field, so swapping the two ciphertexts or editing `scope`, `expires_at`,
 * `token_type`, `token_endpoint` or `issued_at` fails decryption and is reported as tampering. Files
 * written before (no `format`) are still read, and rewritten in the new form at once.
 * No plaintext token ever reaches the disk; writes are atomic with mode 0600. A file that cannot be
 * used (corrupt, tampered, wrong key) is reported as `unreadable` with a reason, never thrown. Every
 * token read is taught to the log redactor, so it is scrubbed from log lines like one issued here.
 */
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { InternalError } from '../errors.js';
import type { Logger, RedactingLogger } from '../logger.js';
import { removeStaleTempFiles, writeFileAtomic, type AtomicWriteOptions } from '../lib/atomicFile.js';
import { DecryptionError, decryptSecret, encryptSecret } from '../lib/encryption.js';
import { LockTimeoutError, withFileLock } from '../lib/fileLock.js';
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

/** The current file format: the record authenticated as a whole. */
const FORMAT = 2;

type TokenField = 'access_token' | 'refresh_token';

/** What the record's ciphertexts authenticate besides the token: the field and every plain value. */
function associatedData(
  field: TokenField,
  record: {
    expires_at: number;
    token_type: string;
    scope?: string | null | undefined;
    token_endpoint?: string | undefined;
    issued_at?: number | null | undefined;
  },
): string {
  return JSON.stringify([
    'oura-mcp-server tokens',
    FORMAT,
    field,
    record.expires_at,
    record.token_type,
    record.scope ?? null,
    record.token_endpoint ?? 'classic',
    record.issued_at ?? null,
  ]);
}

/** Saving the tokens failed (directory not writable, disk full…). The message names the fix. */
export class TokenFileWriteError extends InternalError {}

const fileSchema = z.object({
  format: z.literal(FORMAT).optional(),
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
      return this.unreadable(
        `The tokens file (TOKENS_FILE) cannot be read (${code ?? 'error'}): check its permissions, or delete it and connect Oura again.`,
      );
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
    const legacy = data.format === undefined;
    let accessToken: string;
    let refreshToken: string;
    try {
      accessToken = decryptSecret(
        data.access_token,
        this.options.key,
        legacy ? undefined : associatedData('access_token', data),
      );
      refreshToken = decryptSecret(
        data.refresh_token,
        this.options.key,
        legacy ? undefined : associatedData('refresh_token', data),
      );
    } catch (error) {
      if (error instanceof DecryptionError && error.reason === 'authentication_failed') {
        return this.unreadable(
          `The tokens in TOKENS_FILE cannot be decrypted: TOKEN_ENCRYPTION_KEY is not the key they were saved with, or the file was modified (the integrity check covers the whole record: a swapped token, an edited scope, expiry or type). Restore the previous key, or ${FIX.charAt(0).toLowerCase()}${FIX.slice(1)}`,
        );
      }
      return this.unreadable(`The tokens file (TOKENS_FILE) holds a malformed encrypted value. ${FIX}`);
    }
    const redactor = (this.options.logger as Partial<RedactingLogger>).redactor;
    redactor?.addSecret(accessToken);
    redactor?.addSecret(refreshToken);
    this.lastProblemLogged = null;
    const tokens: StoredTokens = {
      accessToken,
      refreshToken,
      expiresAt: data.expires_at,
      issuedAt: data.issued_at ?? null,
      tokenType: data.token_type,
      scope: data.scope ?? null,
      tokenEndpoint: data.token_endpoint ?? 'classic',
    };
    if (legacy) await this.migrate(text, tokens);
    return { kind: 'ok', tokens };
  }

  /**
   * Rewrites a file of the old format in the current one, under the refresh lock and only if nobody
   * changed it meanwhile. A lock held elsewhere (or by our own refresh, which writes the new format
   * anyway) skips it: the next read tries again.
   */
  private async migrate(readText: string, tokens: StoredTokens): Promise<void> {
    try {
      await withFileLock(
        this.lockFile,
        async () => {
          const now = await fs.readFile(this.options.file, 'utf8').catch(() => null);
          if (now === readText) await this.write(tokens);
        },
        { timeoutMs: 50 },
      );
      this.options.logger.info('Upgraded TOKENS_FILE to the authenticated format', { file: this.options.file });
    } catch (error) {
      if (!(error instanceof LockTimeoutError))
        this.options.logger.warn(
          'Could not upgrade TOKENS_FILE to the authenticated format; will retry on the next read',
          { file: this.options.file, error: String(error) },
        );
    }
  }

  /**
   * Encrypts (fresh IVs) and atomically replaces the file with mode 0600, creating its directory (0700)
   * when missing. @throws TokenFileWriteError with the path and the fix.
   */
  async write(tokens: StoredTokens): Promise<void> {
    const plain = {
      expires_at: tokens.expiresAt,
      token_type: tokens.tokenType,
      scope: tokens.scope,
      token_endpoint: tokens.tokenEndpoint,
      issued_at: tokens.issuedAt,
    };
    const body = {
      format: FORMAT,
      access_token: encryptSecret(tokens.accessToken, this.options.key, associatedData('access_token', plain)),
      refresh_token: encryptSecret(tokens.refreshToken, this.options.key, associatedData('refresh_token', plain)),
      ...plain,
    };
    try {
      await writeFileAtomic(this.options.file, `${JSON.stringify(body, null, 2)}\n`, {
        mode: 0o600,
        dirMode: 0o700,
        ...this.options.writeOptions,
      });
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
