import { StrandError } from '@strand/runtime';

/**
 * Codes raised by @strand/chem. A bad structure is poison for its record (never retriable); a
 * worker that died or could not load RDKit is retried. Declared in @strand/runtime's catalogue.
 */
export const ChemErrorCodes = {
  RDKIT_UNPARSEABLE: 'RDKIT_UNPARSEABLE',
  RDKIT_NO_STRUCTURE: 'RDKIT_NO_STRUCTURE',
  RDKIT_LOAD_FAILED: 'RDKIT_LOAD_FAILED',
  POOL_CLOSED: 'CHEM_POOL_CLOSED',
  WORKER_FAILED: 'CHEM_WORKER_FAILED',
  /** Too many atoms to hand to RDKit (STRAND_RDKIT_MAX_ATOMS). */
  TOO_LARGE: 'INPUT_TOO_LARGE',
  /** A worker outlived its time limit on a molecule, or ran out of memory, and was replaced. */
  LIMIT_EXCEEDED: 'RDKIT_LIMIT_EXCEEDED',
} as const;

export type ChemErrorCode = (typeof ChemErrorCodes)[keyof typeof ChemErrorCodes];

/** Whether a ChemError is retriable follows from its code (CHEM_WORKER_FAILED and RDKIT_LOAD_FAILED are). */
export class ChemError extends StrandError<ChemErrorCode> {
  declare readonly code: ChemErrorCode;

  constructor(code: ChemErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(code, message, options);
    this.name = 'ChemError';
  }
}
