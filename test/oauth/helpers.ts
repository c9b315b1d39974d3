/** Shared fixtures for the OAuth tests: a log capture and temp directories. */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, type RedactingLogger } from '../../src/logger.js';

export interface CapturedLogger {
  logger: RedactingLogger;
  /** Every line written so far. */
  lines: string[];
  text(): string;
}

/** A real redacting logger (debug level, JSON lines) writing into memory. */
export function captureLogger(secrets: string[] = []): CapturedLogger {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', format: 'json', stream, secrets });
  return { logger, lines, text: () => lines.join('') };
}

export async function tempDir(prefix = 'oauth-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export function randomKey(): Buffer {
  return randomBytes(32);
}
