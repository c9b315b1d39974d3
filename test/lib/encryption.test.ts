import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, decryptSecret, encryptSecret } from '../../src/lib/encryption.js';

const key = randomBytes(32);

/** Flips one hex digit at `index` of `text`. */
function flipHex(text: string, index: number): string {
  const ch = text[index]!;
  const flipped = ch === '0' ? '1' : '0';
  return `${text.slice(0, index)}${flipped}${text.slice(index + 1)}`;
}

describe('encryptSecret / decryptSecret', () => {
  it('round-trips text, including unicode and the empty string', () => {
    for (const plain of ['oura-access-token-123', 'ünïcødé ✓', '']) {
      expect(decryptSecret(encryptSecret(plain, key), key)).toBe(plain);
    }
  });

  it('uses the iv:authTag:ciphertext hex layout with a 16-byte tag', () => {
    const payload = encryptSecret('abc', key);
    const [iv, tag, data] = payload.split(':');
    expect(iv).toMatch(/^[0-9a-f]{24}$/);
    expect(tag).toMatch(/^[0-9a-f]{32}$/);
    expect(data).toMatch(/^[0-9a-f]{6}$/);
  });

  it('draws a fresh IV every call, so equal plaintexts give different payloads', () => {
    const payloads = new Set(Array.from({ length: 50 }, () => encryptSecret('same-token', key)));
    expect(payloads.size).toBe(50);
    const ivs = new Set([...payloads].map((p) => p.split(':')[0]));
    expect(ivs.size).toBe(50);
  });

  it('never contains the plaintext', () => {
    const secret = 'plain-secret-token-value';
    const payload = encryptSecret(secret, key);
    expect(payload).not.toContain(secret);
    expect(payload).not.toContain(Buffer.from(secret).toString('hex'));
  });

  it.each([
    ['ciphertext', 2],
    ['tag', 1],
    ['iv', 0],
  ] as const)('detects a tampered %s', (_name, part) => {
    const parts = encryptSecret('tamper-me-please', key).split(':');
    parts[part] = flipHex(parts[part]!, 3);
    expect(() => decryptSecret(parts.join(':'), key)).toThrow(DecryptionError);
    try {
      decryptSecret(parts.join(':'), key);
    } catch (error) {
      expect((error as DecryptionError).reason).toBe('authentication_failed');
    }
  });

  it('refuses the wrong key as authentication_failed', () => {
    const payload = encryptSecret('secret', key);
    expect(() => decryptSecret(payload, randomBytes(32))).toThrow(
      expect.objectContaining({ reason: 'authentication_failed' }),
    );
  });

  it.each([
    '',
    'abc',
    'a:b',
    'zz:zz:zz',
    `${'0'.repeat(24)}:${'0'.repeat(30)}:00`,
    `${'0'.repeat(24)}:${'0'.repeat(32)}:0`,
    'a:b:c:d',
  ])('refuses malformed payload %j', (payload) => {
    expect(() => decryptSecret(payload, key)).toThrow(expect.objectContaining({ reason: 'malformed' }));
  });

  it('decrypts the spec example layout with a 16-byte IV', async () => {
    const { createCipheriv } = await import('node:crypto');
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update('legacy', 'utf8'), cipher.final()]);
    const payload = `${iv.toString('hex')}:${cipher.getAuthTag().toString('hex')}:${data.toString('hex')}`;
    expect(decryptSecret(payload, key)).toBe('legacy');
  });

  it('refuses keys that are not 32 bytes, without echoing them', () => {
    expect(() => encryptSecret('x', randomBytes(16))).toThrow(/32 bytes/);
    expect(() => decryptSecret('a:b:c', Buffer.alloc(0))).toThrow(TypeError);
  });

  it('error messages never contain the payload', () => {
    const payload = encryptSecret('secret', key);
    try {
      decryptSecret(payload, randomBytes(32));
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(payload.split(':')[2]);
    }
  });
});

describe('associated data', () => {
  const key = Buffer.alloc(32, 3);
  it('must match exactly to decrypt; without any, old payloads still decrypt', () => {
    const bound = encryptSecret('secret', key, 'access_token|2100');
    expect(decryptSecret(bound, key, 'access_token|2100')).toBe('secret');
    expect(() => decryptSecret(bound, key, 'refresh_token|2100')).toThrow(DecryptionError);
    expect(() => decryptSecret(bound, key)).toThrow(DecryptionError);
    expect(decryptSecret(encryptSecret('plain', key), key)).toBe('plain');
  });
});
