import { describe, expect, it } from 'vitest';
import { DecryptionError } from '../../src/utils/encryption.js';
import { openRecord, sealRecord } from '../../src/lib/sealedRecord.js';

const key = Buffer.alloc(32, 7);
const record = { access_token: 'access-A', refresh_token: 'refresh-B', scope: 'daily', expires_at: 1_800_000_000 };

function flipHexAt(hex: string, index: number): string {
  const c = hex[index]!;
  return `${hex.slice(0, index)}${c === '0' ? '1' : '0'}${hex.slice(index + 1)}`;
}

describe('sealed records', () => {
  it('round-trips a record, with a fresh IV each time', () => {
    const a = sealRecord(record, 'tokens', key);
    const b = sealRecord(record, 'tokens', key);
    expect(a.sealed).not.toBe(b.sealed);
    expect(JSON.stringify(a)).not.toContain('access-A');
    expect(openRecord(a, 'tokens', key)).toEqual(record);
  });

  it('detects a change to any part, another purpose and another key', () => {
    const doc = sealRecord(record, 'tokens', key);
    const [iv, tag, data] = doc.sealed.split(':') as [string, string, string];
    const tampered = [
      `${flipHexAt(iv, 3)}:${tag}:${data}`,
      `${iv}:${flipHexAt(tag, 5)}:${data}`,
      `${iv}:${tag}:${flipHexAt(data, data.length - 2)}`,
    ];
    for (const sealed of tampered) {
      expect(() => openRecord({ ...doc, sealed }, 'tokens', key)).toThrow(DecryptionError);
    }
    expect(() => openRecord(doc, 'mcp-clients', key)).toThrow(expect.objectContaining({ reason: 'authentication_failed' }));
    expect(() => openRecord(doc, 'tokens', Buffer.alloc(32, 8))).toThrow(expect.objectContaining({ reason: 'authentication_failed' }));
    expect(() => openRecord({ access_token: 'x' }, 'tokens', key)).toThrow(expect.objectContaining({ reason: 'malformed' }));
  });
});
