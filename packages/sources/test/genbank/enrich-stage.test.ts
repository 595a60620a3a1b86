import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, it, expect } from 'vitest';
import { flattenLocation, parseLocation } from '@strand/genbank';
import { genbankEnrichStage, toGenbankRows } from '@strand/sources';
import type { StageContext } from '@strand/runtime';
import { testData } from '../../../../test/helpers.js';
import { parsedValue } from './parsed-value.js';

const records = gunzipSync(readFileSync(testData('genbank', 'sample-division.gbff.gz'))).toString('utf8')
  .split(/(?<=^\/\/\n)/m).filter((r) => r.startsWith('LOCUS'));
const parsed = parsedValue;
const source = { topic: 't', partition: 0, offset: '0' };

describe('genbankEnrichStage', () => {
  it('parses and flattens every feature location, in feature order, as the features table stores them', async () => {
    let features = 0;
    for (const text of records) {
      const [out] = await genbankEnrichStage.process(await parsed(text), {} as StageContext);
      expect(out!.featureLocations).toHaveLength(out!.features.length);
      out!.features.forEach((f, i) => {
        const flat = flattenLocation(parseLocation(f.location));
        expect(out!.featureLocations[i]).toEqual({ operator: flat.operator, partsJson: JSON.stringify(flat.parts), start: flat.min, end: flat.max, strand: flat.strand });
      });
      features += out!.features.length;
    }
    expect(features).toBeGreaterThan(50);
  });

  it('gives the sink the same rows as a record enriched before locations were parsed in the enricher', async () => {
    for (const text of records) {
      const [out] = await genbankEnrichStage.process(await parsed(text), {} as StageContext);
      const older = { ...out!, featureLocations: undefined as never };
      expect(toGenbankRows(older, source)).toEqual(toGenbankRows(out!, source));
    }
  });

  it('makes a record whose feature location cannot be parsed poison in the enricher', async () => {
    const record = await parsed(records[0]!);
    record.features[0] = { ...record.features[0]!, location: 'join(1..,' };
    expect(() => genbankEnrichStage.process(record, {} as StageContext)).toThrow();
  });
});
