import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGenbank, parseLocation } from '@strand/genbank';
import { isSimpleLocation } from '../src/simple-location.js';
import { FIXTURE_DIR, fixtureBytes, inChunks } from './helpers/chunks.js';

const parses = (text: string): boolean => {
  try {
    parseLocation(text);
    return true;
  } catch {
    return false;
  }
};

describe('isSimpleLocation', () => {
  it('accepts the common shapes, all of which parseLocation accepts', () => {
    for (const text of ['467', '<1', '1..9609', '<1..>9609', 'complement(3..5)', 'join(1..5,7..9)', 'order(1,5..6)', 'complement(join(<1..5,7..>9))', 'complement(order(1..2,3))']) {
      expect(isSimpleLocation(text), text).toBe(true);
      expect(parses(text), text).toBe(true);
    }
  });

  it('leaves everything else to parseLocation', () => {
    for (const text of ['', 'join(1..5', 'join(1..5,)', '1..5)', 'complement(1..5,7..9)', '1..5,7..9', 'J00194.1:100..202', '(1.5)..9', 'one-of(1,5)..9', '1^2', 'join(complement(1..5),7..9)', 'gap(10)', '1...5', '1..', 'complement(complement(1..2))', '>1..<5']) {
      expect(isSimpleLocation(text), text).toBe(false);
    }
  });

  it('never accepts a location that parseLocation rejects, on every feature of the fixtures and on mutations of them', async () => {
    const locations = new Set<string>();
    for (const name of readdirSync(FIXTURE_DIR)) {
      for await (const r of parseGenbank(inChunks(fixtureBytes(name), 1 << 20))) for (const f of r.features) locations.add(f.location);
    }
    expect(locations.size).toBeGreaterThan(100);
    let simple = 0;
    for (const location of locations) {
      if (isSimpleLocation(location)) simple += 1;
      for (const text of [location, location.slice(0, -1), `${location})`, location.replace('..', '.'), location.replace(/\d+$/, ''), `x${location}`]) {
        if (isSimpleLocation(text)) expect(parses(text), text).toBe(true);
      }
    }
    expect(simple).toBeGreaterThan(locations.size / 2);
  });
});
