import { createHash } from 'node:crypto';

/** SHA-256 (hex) of the sequence as stored: upper-case ASCII residues, no whitespace (bytes or text give the same digest). */
export function sequenceSha256(sequence: Buffer | string): string {
  return createHash('sha256').update(sequence).digest('hex');
}

/**
 * GC content of a nucleotide sequence: (G + C + S) / (A + C + G + T + U + S + W), the fraction over
 * bases whose GC state is known (ambiguity codes other than S and W, and gaps, are left out).
 * Null when no such base exists. Takes the residues as ASCII bytes or as text.
 */
export function gcContent(sequence: Buffer | string): number | null {
  let gc = 0;
  let known = 0;
  const bytes = typeof sequence !== 'string';
  for (let i = 0; i < sequence.length; i++) {
    switch (bytes ? (sequence as Buffer)[i] : (sequence as string).charCodeAt(i)) {
      case 71: case 67: case 83: gc++; known++; break; // G C S
      case 65: case 84: case 85: case 87: known++; break; // A T U W
      default: break;
    }
  }
  return known === 0 ? null : gc / known;
}
