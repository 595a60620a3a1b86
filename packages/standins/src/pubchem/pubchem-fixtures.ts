import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { hillFormula, formatSdf, molblockElements, splitSdf, tagValue } from './sdf-text.js';
import type { SdfText } from './sdf-text.js';
import { molblockFromPcCompound, pcCompoundFromMolblock } from './molblock-conversion.js';
import { propertiesFromPcCompound } from './pc-properties.js';
import type { PcCompound, PropertyValue } from './pc-properties.js';
import { SYNTHETIC_CID_BASE, SYNTHETIC_MARKER } from './pubchem-record.js';
import type { PubchemRecord } from './pubchem-record.js';

export interface PubchemFixtureOptions {
  /** test-data/pubchem: real PubChem records for CIDs 2244, 4, 241 and 702. */
  pubchemDir: string;
  /** An SD file of molecules without CIDs (e.g. test-data/molecules/solubility.test.sdf): each gets a SYNTHETIC CID. */
  syntheticSdf?: string;
}

/** Common names of the real fixtures, as test-data/README.md identifies them. */
const COMMON_NAMES: Record<number, string> = { 2244: 'aspirin', 4: '1-amino-2-propanol', 241: 'benzene', 702: 'ethanol' };

function namesOf(cid: number, properties: Record<string, PropertyValue>, compound?: PcCompound): string[] {
  const names = new Set<string>();
  if (COMMON_NAMES[cid]) names.add(COMMON_NAMES[cid]);
  if (typeof properties.IUPACName === 'string') names.add(properties.IUPACName.toLowerCase());
  for (const p of compound?.props ?? []) if (p.urn.label === 'IUPAC Name' && p.value.sval) names.add(p.value.sval.toLowerCase());
  return [...names];
}

function fromPcCompound(compound: PcCompound, sdf: string | undefined, source: string): PubchemRecord {
  const cid = compound.id.id.cid;
  const properties = propertiesFromPcCompound(compound);
  return {
    cid,
    properties,
    compound,
    sdf: sdf ?? formatSdf({ molblock: molblockFromPcCompound(compound, String(cid)), tags: [['PUBCHEM_COMPOUND_CID', String(cid)]] }),
    names: namesOf(cid, properties, compound),
    synthetic: false,
    source,
  };
}

function fromSdf(sdfRecord: SdfText, properties: Record<string, PropertyValue>, source: string): PubchemRecord {
  const cid = Number(tagValue(sdfRecord, 'PUBCHEM_COMPOUND_CID'));
  return { cid, properties, compound: pcCompoundFromMolblock(cid, sdfRecord.molblock), sdf: formatSdf(sdfRecord), names: namesOf(cid, properties), synthetic: false, source };
}

/** The real PubChem records in test-data/pubchem, plus synthetic ones from `syntheticSdf`. */
export async function loadPubchemFixtures(opts: PubchemFixtureOptions): Promise<PubchemRecord[]> {
  const read = (name: string): Promise<string> => readFile(join(opts.pubchemDir, name), 'utf8');
  const records: PubchemRecord[] = [];

  const aspirin = JSON.parse(await read('aspirin_properties.json')) as { PropertyTable: { Properties: Record<string, PropertyValue>[] } };
  const { CID: _cid, ...aspirinProps } = aspirin.PropertyTable.Properties[0]!;
  records.push(fromSdf(splitSdf(await read('Structure2D_CID_2244.sdf'))[0]!, aspirinProps, 'aspirin_properties.json + Structure2D_CID_2244.sdf'));

  const cid4 = (JSON.parse(await read('Structure2D_COMPOUND_CID_4.json')) as { PC_Compounds: PcCompound[] }).PC_Compounds[0]!;
  records.push(fromPcCompound(cid4, await read('Structure2D_COMPOUND_CID_4.sdf'), 'Structure2D_COMPOUND_CID_4.json + .sdf'));

  const benzene = (JSON.parse(await read('benzene_CID241_compound_array.json')) as PcCompound[])[0]!;
  records.push(fromPcCompound(benzene, undefined, 'benzene_CID241_compound_array.json'));

  const ethanol = splitSdf(await read('ethanol_CID702_3d.sdf'))[0]!;
  const ethanolProps: Record<string, PropertyValue> = { MolecularFormula: hillFormula(molblockElements(ethanol.molblock)) };
  const heavy = tagValue(ethanol, 'PUBCHEM_HEAVY_ATOM_COUNT');
  if (heavy !== undefined) ethanolProps.HeavyAtomCount = Number(heavy);
  records.push(fromSdf(ethanol, ethanolProps, 'ethanol_CID702_3d.sdf'));

  if (opts.syntheticSdf) records.push(...syntheticFromSdf(await readFile(opts.syntheticSdf, 'utf8'), basename(opts.syntheticSdf)));
  return records;
}

/** Molecules without CIDs get SYNTHETIC_CID_BASE + 1, + 2, ... in file order, marked synthetic everywhere they appear. */
export function syntheticFromSdf(text: string, fileName: string): PubchemRecord[] {
  return splitSdf(text).map((sdfRecord, i) => {
    const cid = SYNTHETIC_CID_BASE + i + 1;
    const name = tagValue(sdfRecord, 'NAME') ?? sdfRecord.molblock.split('\n')[0] ?? '';
    const smiles = tagValue(sdfRecord, 'SMILES');
    const properties: Record<string, PropertyValue> = {};
    if (smiles) properties.SMILES = smiles;
    properties.Title = name;
    properties.HeavyAtomCount = molblockElements(sdfRecord.molblock).filter((e) => e !== 'H').length;
    properties.StrandSynthetic = true;
    const source = `${fileName} record ${i + 1}${tagValue(sdfRecord, 'ID') ? ` (ID ${tagValue(sdfRecord, 'ID')})` : ''}`;
    properties.StrandSource = source;
    const marked: SdfText = {
      molblock: sdfRecord.molblock,
      tags: [['PUBCHEM_COMPOUND_CID', String(cid)], ['STRAND_SYNTHETIC', SYNTHETIC_MARKER], ...sdfRecord.tags],
    };
    const props: PcCompound['props'] = [
      ...(smiles ? [{ urn: { label: 'SMILES', name: 'Absolute' }, value: { sval: smiles } }] : []),
      { urn: { label: 'Strand', name: 'Synthetic' }, value: { sval: SYNTHETIC_MARKER } },
    ];
    return { cid, properties, compound: pcCompoundFromMolblock(cid, sdfRecord.molblock, props), sdf: formatSdf(marked), names: [name.toLowerCase()], synthetic: true, source };
  });
}

/**
 * For syntheticCids: any CID not in the fixtures becomes a copy of a real structure (cycling through
 * `bases` by CID), with the CID replaced and marked synthetic in properties, SDF and JSON.
 */
export function syntheticRecordFor(cid: number, bases: PubchemRecord[]): PubchemRecord {
  const base = bases[cid % bases.length]!;
  const first = splitSdf(base.sdf)[0];
  const tags: [string, string][] = (first?.tags ?? []).map(([k, v]) => [k, k === 'PUBCHEM_COMPOUND_CID' ? String(cid) : v]);
  const sdfRecord: SdfText = { molblock: first?.molblock ?? '', tags: [...tags.filter(([k]) => k !== 'STRAND_SYNTHETIC'), ['STRAND_SYNTHETIC', SYNTHETIC_MARKER]] };
  const compound: PcCompound = {
    ...structuredClone(base.compound),
    id: { id: { cid } },
    props: [...(base.compound.props ?? []).filter((p) => p.urn.label !== 'Strand'), { urn: { label: 'Strand', name: 'Synthetic' }, value: { sval: SYNTHETIC_MARKER } }],
  };
  return {
    cid,
    properties: { ...base.properties, StrandSynthetic: true, StrandSource: `copy of CID ${base.cid} (${base.source})` },
    compound,
    sdf: formatSdf(sdfRecord),
    names: [],
    synthetic: true,
    source: `synthetic copy of CID ${base.cid}`,
  };
}
