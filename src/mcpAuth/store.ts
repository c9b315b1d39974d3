/**
 * The authorization server's state that must survive a restart: registered MCP clients and issued
 * tokens. Tokens are kept only as SHA-256 hashes; the whole document is AES-256-GCM encrypted with
 * TOKEN_ENCRYPTION_KEY and written atomically with mode 0600, next to the Oura tokens file.
 *
 * One process owns this file (the HTTP server; stdio never issues tokens), so the state lives in
 * memory and every change is written through, one write at a time. Expired tokens are purged on write.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { removeStaleTempFiles, writeFileAtomic } from '../lib/atomicFile.js';
import { decryptSecret, encryptSecret } from '../lib/encryption.js';

export type ClientAuthMethod = 'none' | 'client_secret_post' | 'client_secret_basic';

/** A client allowed to ask for authorization: registered (DCR) or known by its metadata document. */
export interface ClientRecord {
  clientId: string;
  source: 'registration' | 'metadata_document';
  authMethod: ClientAuthMethod;
  /** SHA-256 (base64url) of the client secret; null for public clients. */
  secretHash: string | null;
  name: string;
  redirectUris: string[];
  /** Unix ms. */
  createdAt: number;
  /** Unix ms of the last token issued or accepted; null before the first. */
  lastUsedAt: number | null;
}

export interface TokenRecord {
  kind: 'access' | 'refresh';
  clientId: string;
  /** Every token issued from one authorization code shares a family; reuse revokes the family. */
  familyId: string;
  scope: string;
  /** The RFC 8707 resource the token is bound to. */
  resource: string;
  /** Unix ms. */
  expiresAt: number;
  /** Refresh tokens only: already rotated (a second use is a replay). */
  used: boolean;
}

const clientSchema = z.object({
  clientId: z.string().min(1),
  source: z.enum(['registration', 'metadata_document']),
  authMethod: z.enum(['none', 'client_secret_post', 'client_secret_basic']),
  secretHash: z.string().nullable(),
  name: z.string(),
  redirectUris: z.array(z.string()),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
});
const tokenSchema = z.object({
  hash: z.string().min(1),
  kind: z.enum(['access', 'refresh']),
  clientId: z.string(),
  familyId: z.string(),
  scope: z.string(),
  resource: z.string(),
  expiresAt: z.number(),
  used: z.boolean(),
});
const documentSchema = z.object({ clients: z.array(clientSchema), tokens: z.array(tokenSchema) });
const fileSchema = z.object({ version: z.literal(1), data: z.string() });

/** SHA-256 of a secret, base64url: the only form in which tokens and client secrets are kept. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

export interface McpAuthStoreOptions {
  /** Absolute path of the file. */
  file: string;
  /** 32-byte AES key (TOKEN_ENCRYPTION_KEY). */
  key: Buffer;
  logger: Logger;
  now: () => Date;
}

/** Registered clients and token hashes, in memory and written through to the encrypted file. */
export class McpAuthStore {
  readonly clients = new Map<string, ClientRecord>();
  /** Keyed by {@link hashSecret} of the token. */
  readonly tokens = new Map<string, TokenRecord>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly options: McpAuthStoreOptions) {}

  /**
   * Reads the file when it exists (synchronously: once, at startup). An unusable file is logged and
   * ignored: connectors authorize again.
   */
  static open(options: McpAuthStoreOptions): McpAuthStore {
    const store = new McpAuthStore(options);
    store.load();
    return store;
  }

  get file(): string {
    return this.options.file;
  }

  /** Writes the current state (after purging expired tokens). Writes are queued, never interleaved. */
  save(): Promise<void> {
    const next = this.writing.then(() => this.writeNow());
    // A failed write must not block later ones; the caller still sees its own failure.
    this.writing = next.catch(() => undefined);
    return next;
  }

  private load(): void {
    let text: string;
    try {
      text = readFileSync(this.options.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.options.logger.error('The MCP authorization file cannot be read; connectors must authorize again', {
        file: this.options.file,
        errno: (error as NodeJS.ErrnoException).code ?? 'error',
      });
      return;
    }
    try {
      const outer = fileSchema.parse(JSON.parse(text));
      const inner = documentSchema.parse(JSON.parse(decryptSecret(outer.data, this.options.key)));
      for (const client of inner.clients) this.clients.set(client.clientId, client);
      for (const { hash, ...token } of inner.tokens) this.tokens.set(hash, token);
    } catch {
      // Wrong TOKEN_ENCRYPTION_KEY, an edited or truncated file: start empty; the next write replaces it.
      this.options.logger.error(
        'The MCP authorization file is unreadable (edited, or TOKEN_ENCRYPTION_KEY changed); connectors must authorize again',
        {
          file: this.options.file,
        },
      );
    }
  }

  private async writeNow(): Promise<void> {
    const now = this.options.now().getTime();
    for (const [hash, token] of this.tokens) {
      if (token.expiresAt <= now) this.tokens.delete(hash);
    }
    const document = {
      clients: [...this.clients.values()],
      tokens: [...this.tokens].map(([hash, token]) => ({ hash, ...token })),
    };
    const body = { version: 1, data: encryptSecret(JSON.stringify(document), this.options.key) };
    await writeFileAtomic(this.options.file, `${JSON.stringify(body)}\n`, { mode: 0o600, dirMode: 0o700 });
    await removeStaleTempFiles(this.options.file).catch(() => 0);
  }
}
