// Markdown tables whose columns are padded, so the same text reads well in a terminal and in docs.

/** `align` per column: 'l' or 'r' (numbers). Cells are strings; null/undefined print as "n/a". */
export function table(header, rows, align = header.map((_, i) => (i === 0 ? 'l' : 'r'))) {
  const cells = [header, ...rows].map((r) => r.map((c) => (c == null ? 'n/a' : String(c))));
  const width = header.map((_, i) => Math.max(3, ...cells.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => (align[i] === 'r' ? c.padStart(width[i]) : c.padEnd(width[i]))).join(' | ')} |`;
  const rule = `|${width.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

/** A number with `digits` decimals, or null when it is not finite (printed as n/a). */
export const fmt = (x, digits = 2) => (x == null || !Number.isFinite(x) ? null : x.toFixed(digits));
