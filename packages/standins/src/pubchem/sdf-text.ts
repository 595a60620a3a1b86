/** One SD-file record as text: the molfile block and its data items, in file order. */
export interface SdfText {
  molblock: string;
  tags: [string, string][];
}

/** Splits SD-file text (LF or CRLF) into records; line endings become LF. */
export function splitSdf(text: string): SdfText[] {
  const records: SdfText[] = [];
  for (const chunk of text.replace(/\r\n/g, '\n').split(/^\$\$\$\$\n?/m)) {
    if (chunk.trim() === '') continue;
    const endAt = chunk.indexOf('M  END');
    if (endAt < 0) continue;
    const molblock = chunk.slice(0, endAt + 'M  END'.length);
    const tags: [string, string][] = [];
    let current: { name: string; lines: string[] } | null = null;
    for (const line of chunk.slice(endAt + 'M  END'.length).split('\n')) {
      const header = /^>.*<([^>]+)>/.exec(line);
      if (header) {
        current = { name: header[1]!, lines: [] };
        tags.push([current.name, '']);
      } else if (current && line !== '') {
        current.lines.push(line);
        tags[tags.length - 1] = [current.name, current.lines.join('\n')];
      } else if (line === '') {
        current = null;
      }
    }
    records.push({ molblock, tags });
  }
  return records;
}

export function tagValue(record: SdfText, name: string): string | undefined {
  return record.tags.find(([k]) => k === name)?.[1];
}

/** Writes a record back as SD-file text ending in $$$$. */
export function formatSdf(record: SdfText): string {
  return `${record.molblock}\n${record.tags.map(([k, v]) => `> <${k}>\n${v}\n\n`).join('')}$$$$\n`;
}

/** Element symbols of the atom block (V2000), in atom order. */
export function molblockElements(molblock: string): string[] {
  const lines = molblock.split('\n');
  const atomCount = Number((lines[3] ?? '').slice(0, 3));
  return lines.slice(4, 4 + atomCount).map((l) => l.trim().split(/\s+/)[3] ?? '');
}

/** Hill-order formula (C, H, then alphabetical) of the atoms listed in the molblock (implicit H not counted). */
export function hillFormula(elements: string[]): string {
  const counts = new Map<string, number>();
  for (const e of elements) counts.set(e, (counts.get(e) ?? 0) + 1);
  const order = counts.has('C') ? ['C', 'H', ...[...counts.keys()].filter((e) => e !== 'C' && e !== 'H').sort()] : [...counts.keys()].sort();
  return order.filter((e) => counts.has(e)).map((e) => `${e}${counts.get(e) === 1 ? '' : counts.get(e)}`).join('');
}
