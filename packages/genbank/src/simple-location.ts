/**
 * True when `text` (whitespace already removed) is one of the common location shapes that
 * parseLocation always accepts: a base or range (`467`, `<1..>9`), optionally in `join(...)` or
 * `order(...)` of such ranges, optionally all in `complement(...)`. A char loop that allocates
 * nothing, so that validating most features skips building a location tree; anything else
 * (false) still goes through parseLocation, which is the definition of what is valid.
 */
export function isSimpleLocation(text: string): boolean {
  let i = 0;
  let closing = 0;
  if (text.startsWith('complement(')) {
    i = 11;
    closing += 1;
  }
  if (text.startsWith('join(', i)) {
    i += 5;
    closing += 1;
  } else if (text.startsWith('order(', i)) {
    i += 6;
    closing += 1;
  }
  for (;;) {
    i = simpleRange(text, i);
    if (i < 0) return false;
    if (text.charCodeAt(i) !== 44 /* , */ || closing === 0 || (closing === 1 && text.startsWith('complement('))) break;
    i += 1;
  }
  for (; closing > 0; closing -= 1) {
    if (text.charCodeAt(i) !== 41 /* ) */) return false;
    i += 1;
  }
  return i === text.length;
}

/** End of `[<]digits[..[>]digits]` starting at i, or -1. */
function simpleRange(text: string, i: number): number {
  if (text.charCodeAt(i) === 60 /* < */) i += 1;
  i = digits(text, i);
  if (i < 0) return -1;
  if (text.charCodeAt(i) !== 46 || text.charCodeAt(i + 1) !== 46) return i;
  i += 2;
  if (text.charCodeAt(i) === 62 /* > */) i += 1;
  return digits(text, i);
}

function digits(text: string, i: number): number {
  const start = i;
  for (;;) {
    const c = text.charCodeAt(i);
    if (!(c >= 48 && c <= 57)) break;
    i += 1;
  }
  return i === start ? -1 : i;
}
