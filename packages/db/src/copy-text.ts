/**
 * Encodes one row in PostgreSQL's COPY text format: tab-separated, \N for NULL, and backslash,
 * tab, newline and carriage return escaped. Objects and arrays of objects become JSON (for jsonb);
 * string arrays become array literals (for text[]).
 */
export function copyTextRow(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t';
    line += copyTextValue(values[i]);
  }
  return line + '\n';
}

function escape(text: string): string {
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : text;
}

function arrayLiteral(items: readonly unknown[]): string {
  return `{${items.map((item) => (item === null || item === undefined ? 'NULL' : `"${String(item).replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

export function copyTextValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escape(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return escape(value.toString('utf8'));
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return escape(arrayLiteral(value));
  return escape(JSON.stringify(value));
}

/** Marks a value to be written as JSON even when it is an array of strings (jsonb, not text[]). */
export function asJson(value: unknown): { toJSON(): unknown } {
  return { toJSON: () => value };
}
