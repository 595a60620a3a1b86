/** The formats Strand reads: GenBank flat files, PUG REST JSON (full records or property tables), SD files. */
export type InputFormat = 'genbank' | 'json' | 'sdf';

/** What the first bytes of an input look like. */
export interface FormatSniff {
  /** null: none of the formats (or an empty input). */
  format: InputFormat | null;
  /** 1-based line of the first non-blank line, which the verdict mostly rests on; for a blank head, its line count. */
  line: number;
  /** That line (without CR); '' for a blank head. Never quote it in a message: describe it (describeBytes). */
  firstLine: string;
}

/** How many decompressed bytes to peek before calling sniffFormat: enough for a molfile header or a division header. */
export const SNIFF_BYTES = 8192;

/** Lines looked at for the first non-blank one. */
const MAX_LINES = 200;

/**
 * The one place that tells formats apart by content, never by file name, from the first bytes of
 * the decompressed input (see SNIFF_BYTES):
 * - JSON: the first non-blank character is `{` or `[`, and no molfile counts line (V2000/V3000)
 *   follows, since an SD title line may start with `[` too;
 * - GenBank: the first non-blank line is a LOCUS line or the start of an NCBI release division header;
 * - SDF: a counts line, an `M  END` line or a `$$$$` line appears.
 * A UTF-8 byte order mark and CRLF line ends are accepted.
 */
export function sniffFormat(head: Uint8Array | string): FormatSniff {
  const raw = typeof head === 'string' ? head : Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8');
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const lines = text.split('\n', MAX_LINES);
  const index = lines.findIndex((l) => l.trim() !== '');
  if (index < 0) return { format: null, line: Math.max(1, lines.length), firstLine: '' };
  const firstLine = (lines[index] as string).replace(/\r$/, '');
  const verdict = (format: InputFormat | null): FormatSniff => ({ format, line: index + 1, firstLine });

  const hasCountsLine = /V[23]000/.test(text);
  const opener = firstLine.trim()[0];
  if ((opener === '{' || opener === '[') && !hasCountsLine) return verdict('json');
  if (/^LOCUS\s+\S/.test(firstLine) || looksLikeDivisionHeader(firstLine)) return verdict('genbank');
  if (hasCountsLine || /^M {2}END/m.test(text) || /^\$\$\$\$\s*$/m.test(text)) return verdict('sdf');
  return verdict(null);
}

/**
 * Does this text (what precedes the first LOCUS of a stream) start like the header of an NCBI
 * release division file? e.g.
 *   GBBCT1.SEQ          Genetic Sequence Data Bank
 *                             October 15 2023
 *                   NCBI-GenBank Flat File Release 258.0
 * Used by the sniffer above and by the GenBank splitter, which hands such a header to onHeader.
 */
export function looksLikeDivisionHeader(text: string): boolean {
  const firstLine = text.split('\n', 20).find((l) => l.trim() !== '') ?? '';
  return /Sequence Data Bank|Flat File Release/i.test(firstLine) || /^\S+\.(SEQ|GPS|FSA)\s/i.test(firstLine);
}
