/**
 * The JSON Schema a client receives in `tools/list`, made compact (issue #13). Every conversation pays
 * for the tool list on every turn, and zod's draft-07 output was 70% of it: per-field prose, `required`
 * lists that repeat every key, `anyOf` for each nullable value, safe-integer bounds on every integer.
 *
 * Rules, in order of the bytes they save:
 * - Output schemas carry no prose: units and conventions are stated once, in the server instructions
 *   and the tool's description.
 * - An output object with three or more plain scalar fields lists its keys once, in
 *   `propertyNames: {enum: [...]}`, and types those scalars together in `additionalProperties` when
 *   they are of one kind (`{type: ["number", "null"]}`; a mix of strings and numbers is left untyped);
 *   arrays and nested objects keep their own schema in `properties`. Such an object still rejects an
 *   unknown key, for a fraction of the bytes of one typed schema per field.
 * - Output enums are not published: the values read as words, and descriptions name them where a
 *   model needs them before calling.
 * - A sub-schema repeated within one output schema is written once, under `definitions`.
 * - `type: ["number", "null"]` instead of `anyOf: [{type: number}, {type: null}]`.
 * - No `required` in output schemas (every declared key is always present unless the description says
 *   it is optional), no `additionalProperties: false` below the root, no safe-integer bounds, no
 *   `$schema`: the TypeScript SDK clients' Ajv reads a schema without one as draft-07, the Python SDK's
 *   jsonschema as draft 2020-12; the schemas use only keywords both read alike (test/mcp/strictClients).
 * Input schemas keep `required`, their field descriptions, enums and numeric limits; string
 * `maxLength` (a guard against huge arguments, not information for the model) is enforced by the
 * server's own zod schema and not published.
 */

export type JsonSchema = { [key: string]: unknown };

const isSchema = (value: unknown): value is JsonSchema =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** zod's bounds for `.int()`: true of every JavaScript integer, so they say nothing. */
const SAFE_INTEGER_BOUNDS: Readonly<Record<string, number>> = {
  minimum: Number.MIN_SAFE_INTEGER,
  maximum: Number.MAX_SAFE_INTEGER,
};

/** Fewest plain scalar fields worth listing by name only. */
const MIN_FIELDS_TO_COLLAPSE = 3;

/** `anyOf: [X, {type: 'null'}]` with a scalar X → X with `type: [X.type, 'null']` (and null in its enum). */
function nullableAsTypeArray(schema: JsonSchema): JsonSchema {
  const anyOf: unknown = schema.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return schema;
  const branches = anyOf as unknown[];
  const other = branches.find((branch) => isSchema(branch) && branch.type !== 'null');
  const hasNull = branches.some(
    (branch) => isSchema(branch) && branch.type === 'null' && Object.keys(branch).length === 1,
  );
  if (!hasNull || !isSchema(other) || typeof other.type !== 'string') return schema;
  const { anyOf: _anyOf, ...rest } = schema;
  const merged: JsonSchema = { ...rest, ...other, type: [other.type, 'null'] };
  if (Array.isArray(other.enum)) merged.enum = [...(other.enum as unknown[]), null];
  return merged;
}

const SCALAR_TYPES = ['string', 'number', 'boolean', 'null'] as const;

/** The scalar types of a plain `{type}` schema (integer counts as number), or null for anything richer. */
function plainScalarTypes(schema: unknown): string[] | null {
  if (!isSchema(schema) || Object.keys(schema).some((key) => key !== 'type')) return null;
  const declared: unknown = schema.type;
  const types = (Array.isArray(declared) ? (declared as unknown[]) : [declared]).map((type) =>
    type === 'integer' ? 'number' : type,
  );
  return types.every((type) => (SCALAR_TYPES as readonly unknown[]).includes(type)) ? (types as string[]) : null;
}

/** Lists an object's keys by name and types its plain scalars together (see the rules above). */
function collapseScalars(object: JsonSchema): JsonSchema {
  const properties = object.properties;
  // `false` is the root's "no other keys", which `propertyNames` keeps.
  if (!isSchema(properties) || (object.additionalProperties !== undefined && object.additionalProperties !== false))
    return object;
  const types = new Set<string>();
  const kept: Record<string, unknown> = {};
  let collapsed = 0;
  for (const [name, property] of Object.entries(properties)) {
    const scalar = plainScalarTypes(property);
    if (scalar === null) kept[name] = property;
    else {
      collapsed += 1;
      for (const type of scalar) types.add(type);
    }
  }
  if (collapsed < MIN_FIELDS_TO_COLLAPSE) return object;
  const { properties: _properties, additionalProperties: _strict, ...rest } = object;
  const ordered = SCALAR_TYPES.filter((type) => types.has(type));
  const kinds = ordered.filter((type) => type !== 'null');
  return {
    ...rest,
    ...(Object.keys(kept).length > 0 ? { properties: kept } : {}),
    propertyNames: { enum: Object.keys(properties) },
    // One kind of value (numbers, maybe null) is worth stating; "string or number or null" says nothing.
    ...(kinds.length === 1 ? { additionalProperties: { type: ordered.length === 1 ? ordered[0] : ordered } } : {}),
  };
}

function compact(schema: unknown, io: 'input' | 'output', root: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((item) => compact(item, io, false));
  if (!isSchema(schema)) return schema;
  let out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema') continue;
    if (SAFE_INTEGER_BOUNDS[key] === value) continue;
    if (io === 'output' && (key === 'description' || key === 'required' || key === 'enum')) continue;
    if (io === 'input' && key === 'maxLength') continue;
    if (io === 'output' && key === 'additionalProperties' && value === false && !root) continue;
    if (key === 'properties' && isSchema(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, compact(property, io, false)]),
      );
      continue;
    }
    out[key] = compact(value, io, false);
  }
  out = nullableAsTypeArray(out);
  return io === 'output' ? collapseScalars(out) : out;
}

/** Sub-schemas shorter than this are cheaper written out than referenced. */
const MIN_SHARED_BYTES = 60;

/**
 * A sub-schema written twice or more in one output schema (the averages of two periods, the three
 * "latest value" objects of cardio fitness) is written once under `definitions` and referenced as `#/definitions/<n>`.
 */
function shareRepeats(root: JsonSchema): JsonSchema {
  // Sub-schemas of a schema: `properties` is a map of schemas, not a schema itself; `propertyNames`
  // stays inline (a key list read through a reference is one hop too far for a reader).
  const children = (node: JsonSchema): unknown[] =>
    Object.entries(node).flatMap(([key, value]) =>
      key === 'propertyNames'
        ? []
        : key === 'properties' && isSchema(value)
          ? Object.values(value)
          : Array.isArray(value)
            ? (value as unknown[])
            : [value],
    );
  const counts = new Map<string, number>();
  const count = (node: unknown): void => {
    if (!isSchema(node)) return;
    const key = JSON.stringify(node);
    if (key.length >= MIN_SHARED_BYTES) counts.set(key, (counts.get(key) ?? 0) + 1);
    children(node).forEach(count);
  };
  children(root).forEach(count);
  const definitions: JsonSchema = {};
  const names = new Map<string, string>();
  const replace = (node: unknown): unknown => {
    if (!isSchema(node)) return node;
    const key = JSON.stringify(node);
    if ((counts.get(key) ?? 0) >= 2) {
      let name = names.get(key);
      if (name === undefined) {
        name = String(names.size);
        names.set(key, name);
        definitions[name] = rewrite(node);
      }
      return { $ref: `#/definitions/${name}` };
    }
    return rewrite(node);
  };
  const rewrite = (node: JsonSchema): JsonSchema =>
    Object.fromEntries(
      Object.entries(node).map(([key, value]) => {
        if (key === 'propertyNames') return [key, value];
        if (key === 'properties' && isSchema(value))
          return [key, Object.fromEntries(Object.entries(value).map(([name, property]) => [name, replace(property)]))];
        return [key, Array.isArray(value) ? value.map(replace) : replace(value)];
      }),
    );
  const shared = rewrite(root);
  return names.size > 0 ? { ...shared, definitions } : shared;
}

/** The published form of a zod-generated JSON Schema (see the rules above). */
export function compactSchema(schema: JsonSchema, io: 'input' | 'output'): JsonSchema {
  const compacted = compact(schema, io, true) as JsonSchema;
  return io === 'output' ? shareRepeats(compacted) : compacted;
}

/**
 * Every key name declared anywhere in a JSON Schema, in `properties` or in `propertyNames`: the full
 * and the compact form of one schema must declare the same names.
 */
export function propertyNames(schema: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) propertyNames(item, into);
  else if (isSchema(schema)) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && isSchema(value)) for (const name of Object.keys(value)) into.add(name);
      if (key === 'propertyNames' && isSchema(value) && Array.isArray(value.enum))
        for (const name of value.enum) into.add(String(name));
      propertyNames(value, into);
    }
  }
  return into;
}
