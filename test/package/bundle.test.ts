/**
 * What each command of the shipped bundle loads before it can answer (scripts/build.ts, the esbuild metafile):
 * the static-import closure of an entry's chunk. Stdio must answer Claude Desktop without express or the
 * authorization server; `--version` without the server at all; axios not before the first Oura request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleServer } from '../../scripts/build.js';

/** Every source file in `output` and the chunks it imports statically (what loads before its code runs). */
function loadedBefore(metafile: Metafile, output: string): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const pending = [output];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    const chunk = metafile.outputs[next]!;
    for (const input of Object.keys(chunk.inputs)) files.add(input);
    for (const imported of chunk.imports)
      if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path);
  }
  return files;
}

/** The output whose entry point (or dynamically imported module) is `source`. */
function outputOf(metafile: Metafile, source: string): string {
  const found = Object.entries(metafile.outputs).find(([, out]) => out.entryPoint === source);
  if (!found) throw new Error(`no output has ${source} as its entry point`);
  return found[0];
}

describe('the shipped bundle', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oura-bundle-'));
  let metafile: Metafile;
  beforeAll(async () => {
    metafile = await bundleServer(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const has = (files: Set<string>, prefix: string) => [...files].some((file) => file.startsWith(prefix));

  it('start (HTTP and stdio) loads the MCP server and stdio, but not express, the routes or axios', () => {
    const start = loadedBefore(metafile, outputOf(metafile, 'src/cli/start.ts'));
    expect(start.has('src/mcp/stdio.ts')).toBe(true);
    expect(start.has('src/coreDeps.ts')).toBe(true);
    expect(has(start, 'node_modules/@modelcontextprotocol/sdk/')).toBe(true);
    for (const later of [
      'node_modules/express/',
      'node_modules/axios/',
      'src/http/app.ts',
      'src/mcpAuth/',
      'src/oauth/routes.ts',
    ])
      expect({ later, loaded: has(start, later) }).toEqual({ later, loaded: false });
  });

  it('the HTTP half (imported after stdio answered, or first for the HTTP server) holds express and the routes', () => {
    const http = new Set([
      ...loadedBefore(metafile, outputOf(metafile, 'src/deps.ts')),
      ...loadedBefore(metafile, outputOf(metafile, 'src/http/app.ts')),
    ]);
    for (const part of ['node_modules/express/', 'src/mcpAuth/', 'src/oauth/routes.ts', 'src/http/app.ts'])
      expect({ part, loaded: has(http, part) }).toEqual({ part, loaded: true });
  });

  it('--version and --help load neither the configuration nor the server', () => {
    const entry = loadedBefore(metafile, outputOf(metafile, 'src/index.ts'));
    for (const heavy of ['node_modules/joi/', 'node_modules/zod/', 'node_modules/express/', 'node_modules/winston/'])
      expect({ heavy, loaded: has(entry, heavy) }).toEqual({ heavy, loaded: false });
  });
});
