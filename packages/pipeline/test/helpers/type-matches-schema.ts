import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import avsc from 'avsc';

/** The repository root. */
const root = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Compares TypeScript types with Avro schemas, field by field, using the TypeScript checker on the
 * real sources (workspace packages are read from their src/, so no build is needed and a stale
 * dist/ cannot hide a change).
 *
 * A type matches a schema when a value of the type encodes under the schema and a decoded value is
 * a value of the type: the same record fields (recursively, through arrays, maps and unions), null
 * allowed on exactly the fields whose schema allows it, and the same kind of value everywhere
 * (int/long/float/double: number; string and enum: string or string literals; boolean; bytes and
 * fixed: Buffer; array: T[]; map: Record<string, T>, or an object whose properties are all
 * optional). A string literal union is accepted for an Avro string (the producer narrows it); an
 * optional property only for a field with a default (avsc writes the default for a missing value).
 */
export class TypeSchemaChecker {
  private readonly checker: ts.TypeChecker;
  private readonly exports: Map<string, ts.Symbol>;

  /**
   * `source` is a TypeScript module, compiled as if it were `packages/pipeline/test/<file>`, whose
   * exported types are the ones to check (for example `export type { X } from '../src/values.js'`).
   */
  constructor(source: string, file = '__type-schema-check__.ts') {
    const path = `${root}packages/pipeline/test/${file}`;
    const config = ts.parseJsonConfigFileContent({
      extends: './tsconfig.base.json',
      compilerOptions: {
        noEmit: true, composite: false, declaration: false, declarationMap: false, sourceMap: false,
        paths: { '@strand/*': ['./packages/*/src/index.ts'] },
      },
      files: [],
    }, ts.sys, root);
    const host = ts.createCompilerHost(config.options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, ...rest) =>
      name === path ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => name === path || fileExists(name);
    const readFile = host.readFile.bind(host);
    host.readFile = (name) => (name === path ? source : readFile(name));

    const program = ts.createProgram({ rootNames: [path], options: config.options, host });
    const sourceFile = program.getSourceFile(path)!;
    const problems = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    if (problems.length > 0) throw new Error(`Cannot compile the types to check:\n${ts.formatDiagnostics(problems, host)}`);
    this.checker = program.getTypeChecker();
    const moduleSymbol = this.checker.getSymbolAtLocation(sourceFile);
    this.exports = new Map((moduleSymbol ? this.checker.getExportsOfModule(moduleSymbol) : []).map((s) => [s.name, s]));
  }

  /** Every way the exported type `typeName` and `schema` disagree; empty when they match. */
  check(typeName: string, schema: unknown): string[] {
    let symbol = this.exports.get(typeName);
    if (!symbol) throw new Error(`No exported type ${typeName}`);
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const type = this.checker.getDeclaredTypeOfSymbol(symbol);
    const avroType = avsc.Type.forSchema(schema as avsc.Schema);
    const problems: string[] = [];
    new Comparison(this.checker, problems).type(avroType, members(type), typeName);
    return problems;
  }
}

type Kind = 'null' | 'undefined' | 'string' | 'number' | 'boolean' | 'bigint' | 'buffer' | 'array' | 'object' | 'any' | 'other';

function members(type: ts.Type): ts.Type[] {
  return type.isUnion() ? type.types : [type];
}

class Comparison {
  /** Record/type pairs being compared, against recursive types. */
  private readonly active = new Set<string>();

  constructor(private readonly checker: ts.TypeChecker, private readonly problems: string[]) {}

  /** Compares an Avro type with the members of a TypeScript union (a plain type is a union of one). */
  type(avro: avsc.Type, types: ts.Type[], path: string): void {
    if (avro instanceof avsc.types.WrappedUnionType) return this.report(path, 'wrapped unions are not supported');
    if (types.some((t) => this.kind(t) === 'any')) return this.report(path, `type is ${this.show(types)}, which matches anything`);
    const branches = avro instanceof avsc.types.UnwrappedUnionType ? avro.types : [avro];
    const schemaNull = branches.some((b) => b.typeName === 'null');
    const typeNull = types.some((t) => this.kind(t) === 'null');
    if (schemaNull && !typeNull) this.report(path, 'the schema allows null, the type does not');
    if (!schemaNull && typeNull) this.report(path, 'the type allows null, the schema does not');
    const values = types.filter((t) => !['null', 'undefined'].includes(this.kind(t)));
    const valueBranches = branches.filter((b) => b.typeName !== 'null');
    const fits = (t: ts.Type, b: avsc.Type) => this.kind(t) === expectedKind(b);
    const missing = valueBranches.filter((b) => !values.some((t) => fits(t, b)));
    const stray = values.filter((t) => !valueBranches.some((b) => fits(t, b)));
    if (missing.length > 0 && stray.length > 0) this.report(path, `the schema has ${missing.map(label).join(' | ')}, the type has ${this.show(stray)}`);
    else if (missing.length > 0) this.report(path, `the schema allows ${missing.map(label).join(' | ')}, the type does not`);
    else if (stray.length > 0) this.report(path, `the type allows ${this.show(stray)}, the schema does not`);
    for (const branch of valueBranches) {
      const matching = values.filter((t) => fits(t, branch));
      if (matching.length > 0) this.value(branch, matching, path);
    }
  }

  /** Compares one non-null Avro type with the TypeScript types of its kind. */
  private value(avro: avsc.Type, types: ts.Type[], path: string): void {
    if (avro instanceof avsc.types.LogicalType) return this.value(avro.underlyingType, types, path);
    if (avro instanceof avsc.types.EnumType) return this.enumeration(avro, types, path);
    if (avro instanceof avsc.types.ArrayType) {
      const items = types.flatMap((t) => members(this.checker.getTypeArguments(t as ts.TypeReference)[0]!));
      return this.type(avro.itemsType, items, `${path}[]`);
    }
    if (avro instanceof avsc.types.MapType) return this.map(avro, types, path);
    if (avro instanceof avsc.types.RecordType) return this.record(avro, types, path);
  }

  private enumeration(avro: avsc.types.EnumType, types: ts.Type[], path: string): void {
    if (!types.every((t) => t.isStringLiteral())) return;
    const literals = new Set(types.map((t) => (t as ts.StringLiteralType).value));
    for (const symbol of avro.symbols) if (!literals.has(symbol)) this.report(path, `enum symbol ${symbol} is not in the type`);
    for (const literal of literals) if (!avro.symbols.includes(literal)) this.report(path, `the type allows '${literal}', not an enum symbol`);
  }

  private map(avro: avsc.types.MapType, types: ts.Type[], path: string): void {
    const values: ts.Type[] = [];
    for (const t of types) {
      const index = this.checker.getIndexInfoOfType(t, ts.IndexKind.String);
      const properties = this.checker.getPropertiesOfType(t);
      if (index) values.push(...members(index.type));
      for (const property of properties) {
        if (!index && !(property.flags & ts.SymbolFlags.Optional)) this.report(`${path}.${property.name}`, 'required in the type, but the schema has a map (any keys, none required)');
        values.push(...members(this.checker.getTypeOfSymbol(property)).filter((v) => this.kind(v) !== 'undefined'));
      }
      if (!index && properties.length === 0) this.report(path, `the schema has a map, the type ${this.checker.typeToString(t)} has no properties`);
    }
    if (values.length > 0) this.type(avro.valuesType as avsc.Type, values, `${path}{}`);
  }

  private record(avro: avsc.types.RecordType, types: ts.Type[], path: string): void {
    if (types.length > 1) return this.report(path, `the schema has one record (${avro.name}), the type a union ${this.show(types)}`);
    const t = types[0]!;
    const key = `${avro.name}|${this.checker.typeToString(t)}`;
    if (this.active.has(key)) return;
    this.active.add(key);
    if (this.checker.getIndexInfoOfType(t, ts.IndexKind.String)) this.report(path, `the type has an index signature, the schema record ${avro.name} does not`);
    const properties = new Map(this.checker.getPropertiesOfType(t).map((p) => [p.name, p]));
    for (const field of avro.fields) {
      const property = properties.get(field.name);
      const at = `${path}.${field.name}`;
      if (!property) {
        this.report(at, `in the schema (${avro.name}), not in the type`);
        continue;
      }
      const propertyTypes = members(this.checker.getTypeOfSymbol(property));
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0 || propertyTypes.some((p) => this.kind(p) === 'undefined');
      if (optional && field.defaultValue() === undefined) this.report(at, 'optional in the type, but the schema field has no default');
      this.type(field.type, propertyTypes.filter((p) => this.kind(p) !== 'undefined'), at);
    }
    for (const name of properties.keys()) {
      if (!avro.fields.some((f) => f.name === name)) this.report(`${path}.${name}`, `in the type, not in the schema (${avro.name})`);
    }
    this.active.delete(key);
  }

  private kind(t: ts.Type): Kind {
    const f = t.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'any';
    if (f & ts.TypeFlags.Null) return 'null';
    if (f & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return 'undefined';
    if (f & ts.TypeFlags.StringLike) return 'string';
    if (f & ts.TypeFlags.NumberLike) return 'number';
    if (f & ts.TypeFlags.BooleanLike) return 'boolean';
    if (f & ts.TypeFlags.BigIntLike) return 'bigint';
    if (f & ts.TypeFlags.Object) {
      if (this.checker.isArrayType(t)) return 'array';
      if (this.checker.isTupleType(t)) return 'other';
      const name = t.getSymbol()?.name;
      if (name === 'Buffer' || name === 'Uint8Array') return 'buffer';
      return 'object';
    }
    if (f & ts.TypeFlags.Intersection) return 'object';
    return 'other';
  }

  private show(types: ts.Type[]): string {
    return types.map((t) => this.checker.typeToString(t)).join(' | ');
  }

  private report(path: string, problem: string): void {
    this.problems.push(`${path}: ${problem}`);
  }
}

function expectedKind(avro: avsc.Type): Kind {
  if (avro instanceof avsc.types.LogicalType) return expectedKind(avro.underlyingType);
  switch (avro.typeName) {
    case 'string': case 'enum': return 'string';
    case 'int': case 'long': case 'float': case 'double': return 'number';
    case 'boolean': return 'boolean';
    case 'bytes': case 'fixed': return 'buffer';
    case 'array': return 'array';
    case 'null': return 'null';
    default: return 'object';
  }
}

function label(avro: avsc.Type): string {
  const name = (avro as { name?: string }).name;
  return name ? `${avro.typeName} ${name}` : avro.typeName;
}
