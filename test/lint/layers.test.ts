/**
 * The layer rules of ARCHITECTURE.md hold because eslint enforces them: an import that runs back up a layer fails
 * `npm run lint`. Each case lints a real source file under the real eslint.config.js with one import added, through
 * eslint's Node API (`lintText` with the file's path, so the zone and the type information are the file's own).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: REPO_ROOT });

/** Rule ids eslint reports for `file` with `line` appended to its real text. */
async function rulesBrokenBy(file: string, line: string): Promise<Array<string | null>> {
  const filePath = path.join(REPO_ROOT, file);
  const text = `${readFileSync(filePath, 'utf8')}\n${line}\n`;
  const [result] = await eslint.lintText(text, { filePath });
  if (!result) throw new Error(`eslint returned no result for ${file}`);
  return result.messages.map((message) => message.ruleId);
}

describe('layer rules (eslint import-x/no-restricted-paths)', () => {
  it.each([
    ['a leaf library importing the Oura domain', 'src/lib/time.ts', "import '../oura/types.js';"],
    ['the Oura domain importing the MCP layer', 'src/oura/client.ts', "import '../mcp/server.js';"],
    ['the Oura domain importing OAuth', 'src/oura/client.ts', "import '../oauth/tokenManager.js';"],
    ['analysis importing the MCP layer', 'src/analysis/stats.ts', "import '../mcp/server.js';"],
    ['the MCP layer importing HTTP', 'src/mcp/server.ts', "import '../http/app.js';"],
    ['the simulator importing the Oura client', 'src/simulator/server.ts', "import '../oura/client.js';"],
    ['a foundation module importing the Oura domain', 'src/logger.ts', "import './oura/types.js';"],
  ])('%s fails lint', async (_case, file, line) => {
    expect(await rulesBrokenBy(file, line)).toEqual(['import-x/no-restricted-paths']);
  });

  it.each([
    ['the Oura domain importing a leaf library', 'src/oura/client.ts', "import '../lib/time.js';"],
    ['OAuth importing the Oura domain', 'src/oauth/tokenManager.ts', "import '../oura/errors.js';"],
    ['the MCP layer importing analysis', 'src/mcp/server.ts', "import '../analysis/stats.js';"],
    ['the simulator importing the Oura types', 'src/simulator/server.ts', "import '../oura/types.js';"],
  ])('%s passes', async (_case, file, line) => {
    expect(await rulesBrokenBy(file, line)).toEqual([]);
  });
});

describe('no console in the server', () => {
  it('console in the Oura client fails lint; in the demo it is the output', async () => {
    expect(await rulesBrokenBy('src/oura/client.ts', "console.log('debugging');")).toEqual(['no-console']);
    expect(await rulesBrokenBy('src/demo/main.ts', "console.log('debugging');")).toEqual([]);
  });
});
