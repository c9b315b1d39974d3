/**
 * One AES-256-GCM envelope over a whole JSON record (the tokens file, and any other secret store kept
 * beside it). Encrypting only some fields left the rest open to edits and swaps: a changed `scope` or
 * `expires_at`, or the access and refresh ciphertexts exchanged, went unnoticed (issue 16). Sealing the
 * record makes any change to any byte fail authentication.
 *
 * File layout: `{"format":"sealed-v1","purpose":"…","sealed":"iv:authTag:ciphertext"}` (hex parts, as
 * `encryption.ts`). The `purpose` string is bound as associated data, so a record sealed for one store
 * cannot be passed off as another's under the same key.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptionError } from '../utils/encryption.js';

export const SEALED_FORMAT = 'sealed-v1';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEX = /^[0-9a-f]+$/i;

/** The JSON document written to disk. */
export interface SealedDocument {
  format: typeof SEALED_FORMAT;
  purpose: string;
  sealed: string;
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== 32) throw new TypeError('Encryption key must be 32 bytes (64 hex characters in TOKEN_ENCRYPTION_KEY).');
}

/** Seals `record` (any JSON value) for `purpose` under a 32-byte key, with a fresh IV. */
export function sealRecord(record: unknown, purpose: string, key: Buffer): SealedDocument {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(`${SEALED_FORMAT}:${purpose}`, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(record), 'utf8'), cipher.final()]);
  return { format: SEALED_FORMAT, purpose, sealed: `${iv.toString('hex')}:${cipher.getAuthTag().toString('hex')}:${ciphertext.toString('hex')}` };
}

/** True when `document` looks like a sealed record (of any purpose). */
export function isSealedDocument(document: unknown): document is SealedDocument {
  if (typeof document !== 'object' || document === null) return false;
  const d = document as Record<string, unknown>;
  return d.format === SEALED_FORMAT && typeof d.purpose === 'string' && typeof d.sealed === 'string';
}

/**
 * Opens a sealed record written for `purpose`, returning the parsed JSON (validate it: it is only as
 * trustworthy as the key).
 * @throws DecryptionError `malformed` for a document that is not a sealed record, `authentication_failed`
 *   for any modification, a record of another purpose, or the wrong key.
 */
export function openRecord(document: unknown, purpose: string, key: Buffer): unknown {
  assertKey(key);
  if (!isSealedDocument(document)) throw new DecryptionError('malformed');
  const parts = document.sealed.split(':');
  if (parts.length !== 3) throw new DecryptionError('malformed');
  const [ivHex, tagHex, dataHex] = parts as [string, string, string];
  if (ivHex.length !== IV_BYTES * 2 || tagHex.length !== TAG_BYTES * 2 || dataHex.length % 2 !== 0) throw new DecryptionError('malformed');
  if (!HEX.test(ivHex) || !HEX.test(tagHex) || !HEX.test(dataHex)) throw new DecryptionError('malformed');
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(ivHex, 'hex'), { authTagLength: TAG_BYTES });
  // The purpose inside the document is not trusted: the caller's expectation is what is authenticated.
  decipher.setAAD(Buffer.from(`${SEALED_FORMAT}:${purpose}`, 'utf8'));
  decipher.setAuthTag(Buffer.from(tagHex, 'hex'));
  let plaintext: string;
  try {
    plaintext = Buffer.concat([decipher.update(Buffer.from(dataHex, 'hex')), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptionError('authentication_failed');
  }
  return JSON.parse(plaintext) as unknown;
}
