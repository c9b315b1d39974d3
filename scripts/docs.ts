/** `npm run docs`: rewrites the README's generated tables from the registry and the config contract. */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderReadme } from './readmeTables.js';

const path = new URL('../README.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = renderReadme(before);
if (after === before) {
  process.stdout.write('README.md is up to date.\n');
} else {
  writeFileSync(path, after);
  process.stdout.write('README.md tables rewritten.\n');
}
