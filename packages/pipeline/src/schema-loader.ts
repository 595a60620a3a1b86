import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { StrandError, type AvroSchema } from '@strand/runtime';

/**
 * Attribute of a record schema naming another schema file (in the same folder) whose fields it
 * extends: the loaded record has that record's fields first, then its own. The enriched topics use
 * it to reuse the parsed record (`genbank.enriched.avsc` extends `genbank.parsed.avsc`) instead of
 * repeating every field; the attribute itself is dropped from the loaded schema.
 */
export const extendsAttribute = 'strand.extends';

const primitives = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const namedKinds = new Set(['record', 'error', 'enum', 'fixed']);

/** Reads the schema file at `path`, resolving `strand.extends` (files named there are in the same folder). */
export function readSchemaFile(path: string): AvroSchema {
  const folder = dirname(path);
  return resolveSchema(basename(path), (name) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as unknown);
}

/**
 * The schema in `file`, read with `read`, with `strand.extends` resolved (a chain of them too).
 * The extended record's fields are copied, so neither the result nor later loads share objects.
 */
export function resolveSchema(file: string, read: (file: string) => unknown, chain: string[] = []): AvroSchema {
  if (chain.includes(file)) fail(file, `${extendsAttribute} cycle: ${[...chain, file].join(' -> ')}`);
  const schema = read(file);
  if (!isObject(schema)) fail(file, 'is not a JSON object schema');
  const baseFile = schema[extendsAttribute];
  if (baseFile === undefined) return schema;
  if (typeof baseFile !== 'string') fail(file, `${extendsAttribute} must be a schema file name`);
  if (schema.type !== 'record' || !Array.isArray(schema.fields)) fail(file, `only a record can have ${extendsAttribute}`);

  const base = resolveSchema(baseFile, read, [...chain, file]);
  if (base.type !== 'record' || !Array.isArray(base.fields)) fail(file, `${extendsAttribute} names ${baseFile}, which is not a record`);

  const baseNamespace = namespaceOf(base, '');
  const ownNamespace = namespaceOf(schema, '');
  let baseFields = structuredClone(base.fields) as unknown[];
  if (baseNamespace !== ownNamespace) {
    // The base's inline named types (and references to them) resolve against the base's namespace.
    if (baseNamespace === '') fail(file, `extends ${baseFile}, which has no namespace, from namespace ${ownNamespace}`);
    baseFields = baseFields.map((field) => qualifyField(field, baseNamespace));
  }

  const names = new Set(baseFields.map((field) => fieldName(field, baseFile)));
  for (const field of schema.fields as unknown[]) {
    const name = fieldName(field, file);
    if (names.has(name)) fail(file, `field ${name} is already in ${baseFile}`);
    names.add(name);
  }

  const resolved: AvroSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === extendsAttribute) continue;
    resolved[key] = key === 'fields' ? [...baseFields, ...structuredClone(value as unknown[])] : value;
  }
  return resolved;
}

function fail(file: string, problem: string): never {
  throw new StrandError('CONFIG_INVALID', `Schema ${file}: ${problem}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldName(field: unknown, file: string): string {
  if (!isObject(field) || typeof field.name !== 'string') fail(file, 'has a field without a name');
  return field.name;
}

/** The namespace a named schema defines its name in (and its inline named types inherit). */
function namespaceOf(schema: Record<string, unknown>, enclosing: string): string {
  const name = typeof schema.name === 'string' ? schema.name : '';
  if (name.includes('.')) return name.slice(0, name.lastIndexOf('.'));
  return typeof schema.namespace === 'string' ? schema.namespace : enclosing;
}

function qualifyField(field: unknown, namespace: string): unknown {
  return isObject(field) ? { ...field, type: qualify(field.type, namespace) } : field;
}

/** `type` with every named definition and reference made independent of the enclosing namespace. */
function qualify(type: unknown, namespace: string): unknown {
  if (typeof type === 'string') return primitives.has(type) || type.includes('.') ? type : `${namespace}.${type}`;
  if (Array.isArray(type)) return type.map((branch) => qualify(branch, namespace));
  if (!isObject(type)) return type;
  const kind = type.type;
  if (typeof kind === 'string' && namedKinds.has(kind)) {
    const inner = namespaceOf(type, namespace);
    const named: Record<string, unknown> = { ...type };
    if (typeof type.name === 'string' && !type.name.includes('.') && typeof type.namespace !== 'string') named.namespace = namespace;
    if (Array.isArray(type.fields)) named.fields = type.fields.map((field) => qualifyField(field, inner));
    return named;
  }
  if (kind === 'array') return { ...type, items: qualify(type.items, namespace) };
  if (kind === 'map') return { ...type, values: qualify(type.values, namespace) };
  return { ...type, type: qualify(kind, namespace) };
}
