import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { propertyNames } from '../../src/mcp/publishedSchema.js';
import { tools as registry } from '../../src/mcp/registry.js';
import { createMcpServer } from '../../src/mcp/server.js';
import { FakeConnection, FakeSource, toolContext } from '../http/fixtures.js';

/** Invariants every tool in the registry must keep, checked on what a real client receives. */
describe('registry tools as published by tools/list', () => {
  let listed: Tool[];
  beforeAll(async () => {
    const server = createMcpServer({ context: toolContext(new FakeSource(), new FakeConnection()) });
    const client = new Client({ name: 'registry-test', version: '1.0.0' });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(b), client.connect(a)]);
    listed = (await client.listTools()).tools;
    await client.close();
  });

  // A changed schema, description or annotation shows up in review as a diff of that tool's file; Poke
  // caches the tool list per connection, so such changes deserve a look. Update with `npx vitest run -u`.
  it.each(registry.map((tool) => [tool.name]))(
    '%s matches its reviewed tools/list entry (__toolsnaps__)',
    async (name) => {
      const tool = listed.find((candidate) => candidate.name === name)!;
      await expect(`${JSON.stringify(tool, null, 2)}\n`).toMatchFileSnapshot(`./__toolsnaps__/${name}.json`);
    },
  );

  it('lists exactly the registry, in order, with unique names', () => {
    expect(listed.map((tool) => tool.name)).toEqual(registry.map((tool) => tool.name));
    expect(new Set(listed.map((tool) => tool.name)).size).toBe(listed.length);
  });

  it.each(registry.map((tool) => [tool.name]))('%s has a title, annotations and a useful description', (name) => {
    const tool = listed.find((candidate) => candidate.name === name)!;
    expect(tool.title).toBeTruthy();
    expect(tool.annotations?.readOnlyHint).toBe(true);
    // Published only when it differs from the spec's default (true): connect_oura talks to no one.
    expect(tool.annotations?.openWorldHint).toBe(name === 'connect_oura' ? false : undefined);
    // Descriptions say what the tool answers, its limits and the sibling to use instead, briefly.
    expect(tool.description!.length).toBeGreaterThan(60);
    expect(tool.description!.length).toBeLessThanOrEqual(260);
    expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it.each(registry.map((tool) => [tool.name]))('%s has a flat input schema with every field described', (name) => {
    const schema = listed.find((candidate) => candidate.name === name)!.inputSchema as {
      type: string;
      properties?: Record<string, { description?: string }>;
      anyOf?: unknown;
      oneOf?: unknown;
    };
    expect(schema.type).toBe('object');
    expect(schema.anyOf).toBeUndefined();
    expect(schema.oneOf).toBeUndefined();
    for (const [field, property] of Object.entries(schema.properties ?? {})) {
      expect(property.description, `${name}.${field}`).toBeTruthy();
    }
  });

  it.each(registry.map((tool) => [tool.name]))(
    '%s publishes a compact output schema that still names every key and rejects unknown ones',
    (name) => {
      const schema = listed.find((candidate) => candidate.name === name)!.outputSchema as Record<string, unknown>;
      expect(schema.type).toBe('object');
      // Unknown keys are refused at the root: by additionalProperties false or by the list of names.
      expect(
        schema.additionalProperties === false ||
          Array.isArray((schema.propertyNames as { enum?: unknown } | undefined)?.enum),
      ).toBe(true);
      const full = z.toJSONSchema(registry.find((tool) => tool.name === name)!.outputSchema, {
        io: 'output',
        target: 'draft-7',
      });
      expect([...propertyNames(schema)].sort()).toEqual([...propertyNames(full)].sort());
      // No prose, no $schema: units and conventions are in the instructions and the description.
      expect(JSON.stringify(schema)).not.toMatch(/"description"|"\$schema"|"required"/);
    },
  );
});
