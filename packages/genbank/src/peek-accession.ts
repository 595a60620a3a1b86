/** The primary accession of a record text, found cheaply: first token of ACCESSION, else the LOCUS name; null for non-records. */
export function peekAccession(text: string): string | null {
  if (!text.startsWith('LOCUS')) return null;
  const at = text.indexOf('\nACCESSION');
  if (at >= 0) {
    const token = firstToken(text, at + 10);
    if (token !== '') return token;
  }
  const name = firstToken(text, 5);
  return name === '' ? null : name;
}

function firstToken(text: string, from: number): string {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i += 1;
  let j = i;
  while (j < text.length && text[j] !== ' ' && text[j] !== '\t' && text[j] !== '\n' && text[j] !== '\r') j += 1;
  return text.slice(i, j);
}
