import type { StructuredComment } from './types.js';

/**
 * Split COMMENT lines into free text (joined with newlines, as Biopython does) and structured
 * comments: blocks between ##Name-START## and ##Name-END## holding "key :: value" lines.
 */
export function parseComment(lines: string[]): { comment: string | null; structured: StructuredComment[] } {
  const free: string[] = [];
  const structured: StructuredComment[] = [];
  let block: StructuredComment | null = null;
  let lastKey: string | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    if (block === null) {
      const start = /^##(.+)-START##$/.exec(line);
      if (start) {
        block = { name: start[1] as string, fields: {} };
        structured.push(block);
        lastKey = null;
      } else {
        free.push(raw.trimEnd());
      }
      continue;
    }
    if (/^##.+-END##$/.test(line)) {
      block = null;
      continue;
    }
    const sep = line.indexOf('::');
    if (sep >= 0) {
      lastKey = line.slice(0, sep).trim();
      block.fields[lastKey] = line.slice(sep + 2).trim();
    } else if (lastKey !== null && line !== '') {
      block.fields[lastKey] = `${block.fields[lastKey] ?? ''} ${line}`.trim();
    }
  }
  while (free.length > 0 && free[free.length - 1] === '') free.pop();
  return { comment: free.length > 0 ? free.join('\n') : null, structured };
}
