import { genbankParseStage } from '@strand/sources';
import type { GenbankParsedValue } from '@strand/pipeline';
import type { StageContext } from '@strand/runtime';

/** A record's text through the parser stage, as the parser service gives it (sequence as bytes). */
export async function parsedValue(text: string, origin = { uri: 'test', byteOffset: 0, firstLine: 1 }): Promise<GenbankParsedValue> {
  const [parsed] = await genbankParseStage.process({ origin, accession: null, complete: true, text: Buffer.from(text), fetchedAt: 0 }, {} as StageContext);
  return parsed!;
}
