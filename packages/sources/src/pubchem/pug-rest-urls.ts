import type { PubchemPayloadFormat } from '@strand/pipeline';

/** The properties asked for in property tables: every field of a CompoundRecord, plus the IUPAC name as title. */
export const PROPERTY_LIST = [
  'MolecularFormula', 'MolecularWeight', 'SMILES', 'ConnectivitySMILES', 'InChI', 'InChIKey', 'IUPACName',
  'XLogP', 'ExactMass', 'TPSA', 'Charge', 'HBondDonorCount', 'HBondAcceptorCount', 'RotatableBondCount',
] as const;

/** POST target for a batch of CIDs (body `cid=1,2,3`), so the URL stays short whatever the batch size. */
export function batchUrl(baseUrl: string, format: PubchemPayloadFormat): string {
  switch (format) {
    case 'property-table': return `${baseUrl}/compound/cid/property/${PROPERTY_LIST.join(',')}/JSON`;
    case 'json': return `${baseUrl}/compound/cid/JSON`;
    case 'sdf': return `${baseUrl}/compound/cid/SDF`;
  }
}

export function nameToCidsUrl(baseUrl: string, name: string): string {
  return `${baseUrl}/compound/name/${encodeURIComponent(name)}/cids/JSON`;
}

/** POST target (body `smiles=...`): SMILES hold characters (/, #) that do not survive a URL path. */
export function smilesToCidsUrl(baseUrl: string): string {
  return `${baseUrl}/compound/smiles/cids/JSON`;
}
