import { GenbankParseError } from './errors.js';
import type { Locus } from './types.js';

const MOLECULE_TYPE = /^(?:(?:ss|ds|ms)-)?[A-Za-z]*NA$/;
const DIVISION = /^[A-Z]{3}$/;
const DATE = /^\d{1,2}-[A-Z]{3}-\d{4}$/;

/**
 * Parse a LOCUS line in the current (2003+) or the old column layout, or the looser layouts of
 * long names that push the columns right. Tokens after the name, length and units must be, in this
 * order and each optional: molecule type, topology, division, date. Anything else is an unknown
 * layout (GENBANK_BAD_LOCUS).
 */
export function parseLocus(line: string, lineNumber: number | null, source: string | null): Locus {
  const bad = (why: string): never => {
    throw new GenbankParseError('GENBANK_BAD_LOCUS', `unknown LOCUS layout (${why}): '${line.trimEnd()}'`, {
      line: lineNumber,
      source,
    });
  };
  if (!/^LOCUS\s/.test(line)) bad('expected "LOCUS" and a space');
  const tokens = line.slice(5).trim().split(/\s+/);
  if (tokens.length < 3) bad('expected name, length and units');
  const [name, lengthText, units] = tokens as [string, string, string];
  if (!/^\d+$/.test(lengthText)) bad(`length '${lengthText}' is not a number`);
  if (units !== 'bp' && units !== 'aa' && units !== 'rc') bad(`units '${units}' are not bp, aa or rc`);
  const locus: Locus = {
    name,
    length: Number(lengthText),
    units: units as Locus['units'],
    moleculeType: null,
    topology: null,
    division: null,
    date: null,
  };
  let stage = 0;
  for (let i = 3; i < tokens.length; i += 1) {
    const t = tokens[i] as string;
    if (stage <= 0 && MOLECULE_TYPE.test(t)) {
      locus.moleculeType = t;
      stage = 1;
    } else if (stage <= 1 && (t === 'linear' || t === 'circular')) {
      locus.topology = t;
      stage = 2;
    } else if (stage <= 2 && DIVISION.test(t)) {
      locus.division = t;
      stage = 3;
    } else if (stage <= 3 && DATE.test(t)) {
      locus.date = t;
      stage = 4;
    } else {
      bad(`unexpected '${t}'`);
    }
  }
  return locus;
}
