import { ChemError } from './chem-error.js';
import { describeStructure } from './descriptor-core.js';
import type { RDKitModule, RdkitDescriptors, StructureInput } from './rdkit-descriptors.js';

/**
 * Computes RDKit descriptors for a molblock (preferred) or SMILES. Throws ChemError
 * RDKIT_UNPARSEABLE (not retriable) with RDKit's reason when RDKit cannot read the structure, and
 * RDKIT_NO_STRUCTURE when neither is given. RDKit's Mol object is always freed.
 */
export function computeDescriptors(rdkit: RDKitModule, input: StructureInput): RdkitDescriptors {
  const result = describeStructure(rdkit, input);
  if (!result.ok) throw new ChemError(result.code, result.reason);
  return result.descriptors;
}
