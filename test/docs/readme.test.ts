import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VALIDATED_VARIABLES } from '../../src/config.js';
import { CONFIG_TABLE } from '../../src/configTable.js';
import { envExample, renderReadme } from '../../scripts/readmeTables.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('has the tool and configuration tables the code generates (run `npm run docs` after changing a tool)', () => {
    expect(readme).toBe(renderReadme(readme));
  });

  it('documents exactly the variables config.ts validates, and .env.example lists each of them', () => {
    expect(CONFIG_TABLE.map((variable) => variable.name).sort()).toEqual([...VALIDATED_VARIABLES].sort());
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    for (const name of VALIDATED_VARIABLES) expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });

  it('.env.example is the one the config table generates (run `npm run docs` after changing a variable)', () => {
    expect(readFileSync(new URL('../../.env.example', import.meta.url), 'utf8')).toBe(envExample());
  });

  it('gives the two first-screen commands', () => {
    const firstScreen = readme.split('\n').slice(0, 30).join('\n');
    expect(firstScreen).toContain('npm install && npm run demo');
    expect(firstScreen).toContain('npm install && npm test');
  });
});
