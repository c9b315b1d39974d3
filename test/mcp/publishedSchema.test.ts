import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compactSchema, propertyNames, type JsonSchema } from '../../src/mcp/publishedSchema.js';

const toJson = (schema: z.ZodObject, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, target: 'draft-7' }) as JsonSchema;

const day = z.object({
  date: z.string().describe('The day.'),
  score: z.number().nullable().describe('Score, 0–100.'),
  steps: z.number().int().describe('Steps.'),
  note: z.string().nullable().describe('A note.'),
  kind: z.enum(['a', 'b']).nullable().describe('Kind.'),
  samples: z.array(z.number()).describe('Samples.'),
});
const output = z.object({
  data: z.array(day),
  first: day,
  total: z.number().int(),
  label: z.string(),
  flag: z.boolean(),
});

describe('compactSchema', () => {
  it('lists an output object’s keys once, types scalars of one kind together, drops enums; repeats become definitions', () => {
    expect(compactSchema(toJson(output, 'output'), 'output')).toEqual({
      type: 'object',
      properties: { data: { type: 'array', items: { $ref: '#/definitions/0' } }, first: { $ref: '#/definitions/0' } },
      // total, label and flag mix numbers, strings and booleans: listed by name, left untyped.
      propertyNames: { enum: ['data', 'first', 'total', 'label', 'flag'] },
      definitions: {
        '0': {
          type: 'object',
          properties: { samples: { type: 'array', items: { type: 'number' } } },
          propertyNames: { enum: ['date', 'score', 'steps', 'note', 'kind', 'samples'] },
        },
      },
    });
    const numbers = z.object({
      a: z.number().nullable(),
      b: z.number().int(),
      c: z.number(),
      when: z.object({ at: z.string(), by: z.string() }),
    });
    expect(compactSchema(toJson(z.object({ rows: z.array(numbers) }), 'output'), 'output')).toEqual({
      type: 'object',
      properties: {
        rows: {
          type: 'array',
          items: {
            type: 'object',
            properties: { when: { type: 'object', properties: { at: { type: 'string' }, by: { type: 'string' } } } },
            propertyNames: { enum: ['a', 'b', 'c', 'when'] },
            additionalProperties: { type: ['number', 'null'] },
          },
        },
      },
      additionalProperties: false,
    });
  });

  it('declares the same key names as the full schema, without prose, required lists or integer bounds', () => {
    const full = toJson(output, 'output');
    const compact = compactSchema(full, 'output');
    expect(propertyNames(compact)).toEqual(propertyNames(full));
    const text = JSON.stringify(compact);
    for (const dropped of ['description', 'required', '$schema', 'maximum', 'anyOf":[{"type"'])
      expect(text).not.toContain(dropped);
  });

  it('keeps input descriptions, required fields and numeric limits, drops maxLength; nullable becomes a type array', () => {
    const input = z.object({
      start_date: z.string().max(32).describe('First day.'),
      days: z.number().int().min(1).max(90).optional().describe('Days.'),
      zone: z.string().nullable().optional().describe('Zone.'),
    });
    expect(compactSchema(toJson(input, 'input'), 'input')).toEqual({
      type: 'object',
      properties: {
        start_date: { type: 'string', description: 'First day.' },
        days: { type: 'integer', minimum: 1, maximum: 90, description: 'Days.' },
        zone: { type: ['string', 'null'], description: 'Zone.' },
      },
      required: ['start_date'],
    });
  });
});
