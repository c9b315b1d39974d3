/**
 * Token encryption at rest: AES-256-GCM, as the spec's "Security → Encryption" asks.
 *
 * Payload format (hex, colon separated, the spec's layout): `iv:authTag:ciphertext`.
 * Every call draws a fresh random IV, so encrypting the same token twice never gives the same text;
 * the 16-byte tag is verified on decryption, so a flipped bit or a wrong key is detected, not returned.
 * Optional associated data binds a ciphertext to its context (a field name, the record's other fields):
 * the same data must be given to decrypt, so a ciphertext moved to another field, or a record whose
 * plain fields were edited, fails authentication.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
/** 96-bit IV: the size GCM is specified for (NIST SP 800-38D). */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const HEX = /^[0-9a-f]*$/i;

/** Why a payload could not be decrypted. */
export type DecryptionFailure = 'malformed' | 'authentication_failed';

/**
 * A payload that is not ours to read: malformed text, a tampered ciphertext or tag, or the wrong key
 * (GCM cannot tell the last two apart). The message never contains the payload or the key.
 */
export class DecryptionError extends Error {
  constructor(readonly reason: DecryptionFailure) {
    super(
      reason === 'malformed'
        ? 'Encrypted value is malformed (expected iv:authTag:ciphertext in hex).'
        : 'Encrypted value failed authentication: it was modified, or TOKEN_ENCRYPTION_KEY is not the key it was written with.',
    );
    this.name = 'DecryptionError';
  }
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new TypeError(`Encryption key must be ${KEY_BYTES} bytes (64 hex characters in TOKEN_ENCRYPTION_KEY).`);
  }
}

/**
 * Encrypts `plaintext` (UTF-8) with AES-256-GCM under a 32-byte `key`, authenticating
 * `associatedData` (UTF-8) too when given.
 * @returns `iv:authTag:ciphertext`, each part hex encoded.
 */
export function encryptSecret(plaintext: string, key: Buffer, associatedData?: string): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${iv.toString('hex')}:${cipher.getAuthTag().toString('hex')}:${ciphertext.toString('hex')}`;
}

/**
 * Reverses {@link encryptSecret}, verifying the authentication tag (over `associatedData` too: it
 * must be exactly what was given to encrypt).
 * @throws DecryptionError `malformed` for text that is not `iv:authTag:ciphertext` hex, and
 *   `authentication_failed` for a tampered payload, other associated data, or a wrong key.
 */
export function decryptSecret(payload: string, key: Buffer, associatedData?: string): string {
  assertKey(key);
  if (typeof payload !== 'string') throw new DecryptionError('malformed');
  const parts = payload.split(':');
  if (parts.length !== 3) throw new DecryptionError('malformed');
  const [ivHex, tagHex, dataHex] = parts as [string, string, string];
  // Accept the spec example's 16-byte IV as well as our 12-byte one; the tag length is fixed so a
  // truncated tag (which would weaken authentication) is refused rather than checked.
  const ivOk = ivHex.length === IV_BYTES * 2 || ivHex.length === 32;
  if (!ivOk || tagHex.length !== TAG_BYTES * 2 || dataHex.length % 2 !== 0) throw new DecryptionError('malformed');
  if (!HEX.test(ivHex) || !HEX.test(tagHex) || !HEX.test(dataHex)) throw new DecryptionError('malformed');
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(ivHex, 'hex'), { authTagLength: TAG_BYTES });
  if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(Buffer.from(tagHex, 'hex'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(dataHex, 'hex')), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptionError('authentication_failed');
  }
}
