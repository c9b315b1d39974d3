/**
 * Account pinning: the Oura account this server belongs to, by Oura's `personal_info.id`.
 *
 * Recorded at the first connection (or, for installs connected before pinning existed, on the next
 * successful look-up). Once recorded, an Oura sign-in to any other account is refused until the owner
 * disconnects with the API key, so nobody who gets hold of a one-time link can swap in their own
 * account, and "Continue with Oura" on the MCP consent page proves the owner by this id.
 *
 * Kept in its own small encrypted file next to TOKENS_FILE, because losing the Oura tokens (Oura
 * refused a refresh) must not lose the pin.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { writeFileAtomic } from '../lib/atomicFile.js';
import { decryptSecret, encryptSecret } from '../lib/encryption.js';

const fileSchema = z.object({ version: z.literal(1), account_id: z.string().min(1) });
const personalInfoSchema = z.object({ id: z.string().min(1) });

/** A file kept next to TOKENS_FILE: `tokens.json` + `owner` → `tokens.owner.json`. */
export function siblingOfTokensFile(tokensFile: string, name: string): string {
  const base = path.basename(tokensFile, path.extname(tokensFile));
  return path.join(path.dirname(tokensFile), `${base}.${name}.json`);
}

/** The Oura account id behind `accessToken` (`GET /v2/usercollection/personal_info`). @throws on any failure. */
export async function fetchOuraAccountId(apiBaseUrl: string, accessToken: string, timeoutMs = 10_000): Promise<string> {
  // Imported here, not at start-up: the server may never need it (see OuraHttp).
  const { default: axios } = await import('axios');
  const response = await axios.get<unknown>(`${apiBaseUrl}/v2/usercollection/personal_info`, {
    headers: { authorization: `Bearer ${accessToken}` },
    timeout: timeoutMs,
    validateStatus: () => true,
  });
  if (response.status !== 200) throw new Error(`Oura answered ${response.status} to personal_info`);
  return personalInfoSchema.parse(response.data).id;
}

export interface OwnerAccountOptions {
  file: string;
  key: Buffer;
  logger: Logger;
}

/** Whether a signed-in account may be the owner. */
export type PinCheck = { ok: true; firstTime: boolean } | { ok: false };

export class OwnerAccount {
  constructor(private readonly options: OwnerAccountOptions) {}

  /** The recorded account id, or null when none is (or the file is unusable, which is logged). */
  async read(): Promise<string | null> {
    let text: string;
    try {
      text = await fs.readFile(this.options.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.options.logger.error('The owner account file cannot be read', { file: this.options.file });
      return null;
    }
    try {
      return decryptSecret(fileSchema.parse(JSON.parse(text)).account_id, this.options.key);
    } catch {
      this.options.logger.error('The owner account file is unreadable (edited, or TOKEN_ENCRYPTION_KEY changed)', {
        file: this.options.file,
      });
      return null;
    }
  }

  /** May `accountId` connect? Any account when none is recorded yet; otherwise only the recorded one. */
  async check(accountId: string): Promise<PinCheck> {
    const pinned = await this.read();
    if (pinned === null) return { ok: true, firstTime: true };
    return pinned === accountId ? { ok: true, firstTime: false } : { ok: false };
  }

  async record(accountId: string): Promise<void> {
    const body = { version: 1, account_id: encryptSecret(accountId, this.options.key) };
    await writeFileAtomic(this.options.file, `${JSON.stringify(body)}\n`, { mode: 0o600, dirMode: 0o700 });
  }

  /**
   * For installs connected before pinning existed: when no account is recorded yet and Oura is
   * connected, records the connected account. Returns the recorded id, or null when it cannot be known
   * now (not connected, Oura unreachable); never throws.
   */
  async recordIfMissing(connected: () => Promise<string>, apiBaseUrl: string): Promise<string | null> {
    const pinned = await this.read();
    if (pinned !== null) return pinned;
    try {
      const accountId = await fetchOuraAccountId(apiBaseUrl, await connected());
      await this.record(accountId);
      this.options.logger.info('Recorded the connected Oura account as the owner (account pinning)');
      return accountId;
    } catch {
      return null;
    }
  }

  /** Forgets the account (the owner disconnected with the API key). */
  async clear(): Promise<void> {
    await fs.rm(this.options.file, { force: true });
  }
}
