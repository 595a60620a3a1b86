import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One error code written as a literal somewhere in the sources. */
export interface CodeLiteral {
  file: string;
  line: number;
  code: string;
  /** Which pattern found it, for the failure message. */
  via: string;
}

const builtinErrors = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError', 'DOMException']);
/** Our codes have an underscore (or are single words in constructor calls); Node's ERR_* and undici's UND_ERR_* are theirs. */
const ourCodeShape = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const foreignNamespace = /^(?:ERR|UND_ERR)_/;
const upperLiteral = /['"]([A-Z][A-Z0-9_]*)['"]/g;

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The text of the call's first argument, from just after its "(" to the "," or ")" that ends it. */
function firstArgument(text: string, start: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return text.slice(start, i);
      depth--;
    } else if (c === ',' && depth === 0) return text.slice(start, i);
  }
  return text.slice(start);
}

/** Every error-code literal in one file's text (see codeLiterals). */
export function codeLiteralsIn(text: string, file: string, { isTest }: { isTest: boolean }): CodeLiteral[] {
  const found: CodeLiteral[] = [];
  const add = (index: number, code: string, via: string) => found.push({ file, line: lineAt(text, index), code, via });

  // new StrandError('X', ...), new StrandError(cond ? 'A' : 'B', ...), and any non-builtin *Error class
  // whose first argument is a code-shaped literal (new GenbankParseError('GENBANK_BAD_LINE', ...)).
  for (const m of text.matchAll(/new\s+([A-Z]\w*Error)\s*\(/g)) {
    const name = m[1]!;
    if (builtinErrors.has(name)) continue;
    const start = m.index + m[0].length;
    const arg = firstArgument(text, start);
    if (/^\s*[{[]/.test(arg)) continue; // an options object, not a code
    for (const lit of arg.matchAll(upperLiteral)) {
      if (name === 'StrandError' || ourCodeShape.test(lit[1]!)) add(start + lit.index, lit[1]!, `new ${name}(...)`);
    }
  }
  // errorCode: 'X' (dead letters), and in sources also code: 'X' (plain objects carrying a code).
  const property = isTest ? /\berrorCode\s*:\s*['"]([A-Z][A-Z0-9_]*)['"]/g : /\b(?:errorCode|code)\s*:\s*['"]([A-Z][A-Z0-9_]*)['"]/g;
  for (const m of text.matchAll(property)) {
    const code = m[1]!;
    if (ourCodeShape.test(code) && !foreignNamespace.test(code)) add(m.index, code, 'code property');
  }
  // readonly code = 'X' (a class field), and dead-letter helpers: deadLetter(key, 'X', ...).
  for (const m of text.matchAll(/\bcode\s*=\s*['"]([A-Z][A-Z0-9_]*)['"]/g)) add(m.index, m[1]!, 'code field');
  for (const m of text.matchAll(/\bdeadLetter\w*\(\s*[^,()]*,\s*['"]([A-Z][A-Z0-9_]*)['"]/g)) add(m.index, m[1]!, 'dead-letter call');
  // const XErrorCodes = { A: 'X', ... } and type XErrorCode = | 'X' | 'Y';
  for (const m of text.matchAll(/\b\w*ErrorCodes\s*=\s*\{([^}]*)\}/g)) {
    for (const lit of m[1]!.matchAll(upperLiteral)) add(m.index, lit[1]!, 'error-code table');
  }
  for (const m of text.matchAll(/\btype\s+\w*ErrorCode\s*=([^;]*);/g)) {
    for (const lit of m[1]!.matchAll(upperLiteral)) add(m.index, lit[1]!, 'error-code type');
  }
  return found;
}

function sourceFiles(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (/\.(?:ts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every error-code literal in the .ts/.js files under `roots` (relative to `repo`), skipping `exclude`. */
export function codeLiterals(repo: string, roots: string[], exclude: string[] = []): CodeLiteral[] {
  const found: CodeLiteral[] = [];
  for (const root of roots) {
    for (const path of sourceFiles(join(repo, root), [])) {
      const file = relative(repo, path);
      if (exclude.includes(file)) continue;
      const isTest = /(^|\/)test\//.test(file);
      found.push(...codeLiteralsIn(readFileSync(path, 'utf8'), file, { isTest }));
    }
  }
  return found;
}
