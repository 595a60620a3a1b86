import { createHash } from 'node:crypto';

/** SHA-256 (hex) of the sequence as stored: upper case, no whitespace. */
export function sequenceSha256(sequence: string): string {
  return createHash('sha256').update(sequence).digest('hex');
}

/**
 * GC content of a nucleotide sequence: (G + C + S) / (A + C + G + T + U + S + W), the fraction over
 * bases whose GC state is known (ambiguity codes other than S and W, and gaps, are left out).
 * Null when no such base exists.
 */
export function gcContent(sequence: string): number | null {
  let gc = 0;
  let known = 0;
  for (let i = 0; i < sequence.length; i++) {
    switch (sequence.charCodeAt(i)) {
      case 71: case 67: case 83: gc++; known++; break; // G C S
      case 65: case 84: case 85: case 87: known++; break; // A T U W
      default: break;
    }
  }
  return known === 0 ? null : gc / known;
}
