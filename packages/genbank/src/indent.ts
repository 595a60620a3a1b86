/**
 * True when text[pos, pos+width) is all spaces. A plain loop: String.prototype.startsWith with a
 * constant run of spaces is several times slower on V8 for this hot check.
 */
export function spacesAt(text: string, pos: number, width: number): boolean {
  for (let i = pos + width - 1; i >= pos; i -= 1) if (text.charCodeAt(i) !== 32) return false;
  return true;
}
