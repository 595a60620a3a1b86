import { describeBytes, peekHead, sniffFormat, SNIFF_BYTES, type FormatSniff } from '@strand/input';
import { StrandError } from '@strand/runtime';

/**
 * Passes a decompressed stream through after checking its first bytes look like GenBank (with
 * @strand/input's sniffFormat), so input that is not GenBank is rejected (INPUT_INVALID, naming the
 * file and line) before anything is published or printed. The message describes what was found
 * (its length, text or binary) and never quotes it: the input may be a file that is nobody's business.
 */
export async function* requireGenbank(stream: AsyncIterable<Buffer | string>, uri: string): AsyncGenerator<Buffer> {
  const { head, stream: whole } = await peekHead(stream, SNIFF_BYTES);
  const sniff = sniffFormat(head);
  if (sniff.format !== 'genbank') {
    await whole.return?.();
    throw new StrandError('INPUT_INVALID', `${uri}: line ${sniff.line}: not a GenBank flat file (${whyNot(sniff)})`, { details: { uri, line: sniff.line } });
  }
  yield* whole;
}

function whyNot(sniff: FormatSniff): string {
  if (sniff.format === 'json') return 'it looks like JSON';
  if (sniff.format === 'sdf') return 'it looks like an SD file';
  if (sniff.firstLine === '') return 'the input is empty or blank';
  return `the first non-blank line, ${describeBytes(sniff.firstLine)}, is not a LOCUS line or an NCBI division header`;
}
