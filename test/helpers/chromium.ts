/**
 * Debian's chromium driven by playwright-core (no browser download), for the browser tests. Without
 * /usr/bin/chromium (CI installs it with apt-get) the tests skip: `describe.skipIf(!HAVE_CHROMIUM)`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

/** Screenshots of the browser tests (gitignored). */
export const ARTIFACTS = path.resolve('test-artifacts');

/** Warns once, in the test's own words, that it is skipped. */
export function warnIfNoChromium(testName: string): void {
  if (!HAVE_CHROMIUM)
    console.warn(
      `${testName}: SKIPPED — ${CHROMIUM} is missing (install Debian's chromium package: apt-get install chromium)`,
    );
}

/** Headless chromium with nothing of its own on the network; creates `test-artifacts/`. */
export function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
