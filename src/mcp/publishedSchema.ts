/**
 * The JSON Schema a client receives in `tools/list`, made compact (issue #13). Every conversation pays
 * for the tool list on every turn, and zod's draft-07 output was 70% of it: per-field prose, `required`
 * lists that repeat every key, `anyOf` for each nullable value, safe-integer bounds on every integer.
 *
 * Rules, in order of the bytes they save:
 * - Output schemas carry no prose: names, units and conventions are stated once, in the tool's
 *   description and the server instructions.
 * - In an output object, three or more scalar fields of one type (most often "number or null") are
 *   declared once, as `additionalProperties`; their names are in the tool's description (a registry
 *   test checks that every field is named in the schema or the description). Clients still validate
 *   every value's type; they no longer reject an unknown key of that type.
 * - `type: ["number", "null"]` instead of `anyOf: [{type: number}, {type: null}]`.
 * - No `required` in output schemas (every declared key is always present; optional ones are said so
 *   in the description), no `additionalProperties: false` below the root, no safe-integer bounds, no
 *   `$schema` (draft-07 is the default of the Ajv in SDK clients; the schemas use nothing newer).
 * Input schemas keep `required`, their field descriptions and their limits.
 */

export type JsonSchema = { [key: string]: unknown };

const isSchema = (value: unknown): value is JsonSchema => value !== null && typeof value === 'object' && !Array.isArray(value);

/** zod's bounds for `.int()`: true of every JavaScript integer, so they say nothing. */
const SAFE_INTEGER_BOUNDS: Readonly<Record<string, number>> = { minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };

/** Fewest same-typed scalar fields worth declaring once. */
const MIN_FIELDS_TO_COLLAPSE = 3;

/** `anyOf: [X, {type: 'null'}]` with a scalar X → X with `type: [X.type, 'null']` (and null in its enum). */
function nullableAsTypeArray(schema: JsonSchema): JsonSchema {
  const anyOf = schema.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return schema;
  const other = anyOf.find((branch) => isSchema(branch) && branch.type !== 'null');
  const hasNull = anyOf.some((branch) => isSchema(branch) && branch.type === 'null' && Object.keys(branch).length === 1);
  if (!hasNull || !isSchema(other) || typeof other.type !== 'string') return schema;
  const { anyOf: _anyOf, ...rest } = schema;
  const merged: JsonSchema = { ...rest, ...other, type: [other.type, 'null'] };
  if (Array.isArray(other.enum)) merged.enum = [...(other.enum as unknown[]), null];
  return merged;
}

/** A property schema that may share a declaration with its siblings: a scalar type, maybe an enum. */
function collapsible(schema: unknown): schema is JsonSchema {
  if (!isSchema(schema)) return false;
  if (Object.keys(schema).some((key) => key !== 'type' && key !== 'enum')) return false;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.every((type) => type === 'number' || type === 'integer' || type === 'string' || type === 'boolean' || type === 'null');
}

/** The largest group of identical collapsible property schemas, if it has enough members. */
function largestGroup(properties: Record<string, unknown>): { schema: JsonSchema; names: string[] } | null {
  const groups = new Map<string, string[]>();
  for (const [name, property] of Object.entries(properties)) {
    if (!collapsible(property)) continue;
    const key = JSON.stringify(property);
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  let best: { schema: JsonSchema; names: string[] } | null = null;
  for (const [key, names] of groups) {
    if (names.length >= MIN_FIELDS_TO_COLLAPSE && (!best || names.length > best.names.length)) best = { schema: JSON.parse(key) as JsonSchema, names };
  }
  return best;
}

function compact(schema: unknown, io: 'input' | 'output', root: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((item) => compact(item, io, false));
  if (!isSchema(schema)) return schema;
  let out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema') continue;
    if (SAFE_INTEGER_BOUNDS[key] === value) continue;
    if (io === 'output' && (key === 'description' || key === 'required')) continue;
    if (io === 'output' && key === 'additionalProperties' && value === false && !root) continue;
    if (key === 'properties' && isSchema(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, compact(property, io, false)]));
      continue;
    }
    out[key] = compact(value, io, false);
  }
  out = nullableAsTypeArray(out);
  if (io === 'output' && !root && isSchema(out.properties) && out.additionalProperties === undefined) {
    const group = largestGroup(out.properties);
    if (group) {
      const rest = Object.entries(out.properties).filter(([name]) => !group.names.includes(name));
      if (rest.length > 0) out.properties = Object.fromEntries(rest);
      else delete out.properties;
      out.additionalProperties = group.schema;
    }
  }
  return out;
}

/** The published form of a zod-generated JSON Schema (see the rules above). */
export function compactSchema(schema: JsonSchema, io: 'input' | 'output'): JsonSchema {
  return compact(schema, io, true) as JsonSchema;
}

/**
 * Every property name declared anywhere in a JSON Schema (zod's full form): what a client must be able
 * to learn from the published schema or the tool's description.
 */
export function propertyNames(schema: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) propertyNames(item, into);
  else if (isSchema(schema)) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && isSchema(value)) for (const name of Object.keys(value)) into.add(name);
      propertyNames(value, into);
    }
  }
  return into;
}
