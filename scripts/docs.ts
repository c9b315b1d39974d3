/** `npm run docs`: rewrites the README's generated tables and `.env.example` from the registry and the config table. */
import { readFileSync, writeFileSync } from 'node:fs';
import { envExample, renderReadme } from './readmeTables.js';

function rewrite(name: string, render: (before: string) => string): void {
  const path = new URL(`../${name}`, import.meta.url);
  const before = readFileSync(path, 'utf8');
  const after = render(before);
  if (after === before) {
    process.stdout.write(`${name} is up to date.\n`);
  } else {
    writeFileSync(path, after);
    process.stdout.write(`${name} rewritten.\n`);
  }
}

rewrite('README.md', renderReadme);
rewrite('.env.example', envExample);
