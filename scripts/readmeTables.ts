/**
 * Builds the generated docs from the code: the README's tool table from the registry and the tested
 * capability table (test/mcp/capabilities.ts: each question is run against the simulator), its
 * configuration table and `.env.example` from CONFIG_TABLE. `npm run docs` writes them; a test fails
 * when the files and the code disagree.
 */
import { CONFIG_TABLE, documentedDefault, type ConfigSection } from '../src/configTable.js';
import { tools } from '../src/mcp/registry.js';
import { CAPABILITIES } from '../test/mcp/capabilities.js';
import type { z } from 'zod';

function cell(text: string): string {
  return text
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

function inputsOf(schema: z.ZodObject): string {
  const names = Object.entries(schema.shape).map(([name, field]) =>
    (field as z.ZodType).isOptional() ? `${name}?` : name,
  );
  return names.length === 0 ? '—' : names.map((name) => `\`${name}\``).join(', ');
}

/** The owner questions of the capability table that this tool answers (each one tested). */
function questionsFor(name: string): string {
  const questions = [...new Set(CAPABILITIES.filter((row) => row.tool === name).map((row) => `“${row.question}”`))];
  return questions.length === 0 ? '—' : questions.join(' ');
}

export function toolTable(): string {
  const rows = tools.map(
    (tool) =>
      `| \`${tool.name}\` | ${inputsOf(tool.inputSchema)} | ${cell(tool.description)} | ${cell(questionsFor(tool.name))} |`,
  );
  return [
    '| Tool | Inputs | What it answers | Owner questions it answers (tested) |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function configTable(): string {
  const rows = CONFIG_TABLE.map(
    (variable) =>
      `| \`${variable.name}\` | ${variable.required ? 'yes' : 'no'} | ${cell(documentedDefault(variable))} | ${cell(variable.description)} |`,
  );
  return ['| Variable | Required | Default | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceSection(readme: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from === -1 || to === -1 || to < from) throw new Error(`README.md has no ${start} … ${end} section`);
  return `${readme.slice(0, from + start.length)}\n${body}\n${readme.slice(to)}`;
}

export function renderReadme(readme: string): string {
  return replaceSection(replaceSection(readme, 'tools', toolTable()), 'config', configTable());
}

const SECTIONS: readonly ConfigSection[] = [
  'Required',
  'Server',
  'Security',
  'Claude, ChatGPT and other OAuth MCP clients',
  'Oura endpoints (defaults are right for the real Oura cloud)',
];

/** `.env.example`: required variables set (to a placeholder or empty), the others commented out at their default. */
export function envExample(): string {
  const lines = [
    '# oura-mcp-server configuration. Copy to .env and fill in. Every variable is documented in README.md.',
  ];
  for (const section of SECTIONS) {
    lines.push('', `# --- ${section} `.padEnd(78, '-'));
    for (const variable of CONFIG_TABLE.filter((candidate) => candidate.section === section)) {
      if (variable.comment && variable.required && lines.at(-1)!.startsWith('#') === false) lines.push('');
      if (variable.comment) lines.push(...variable.comment.split('\n').map((line) => `# ${line}`));
      const value = variable.example ?? (variable.required ? '' : String(variable.default ?? ''));
      lines.push(`${variable.required ? '' : '# '}${variable.name}=${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
