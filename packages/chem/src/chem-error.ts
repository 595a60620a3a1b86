/** Codes raised by @strand/chem. A bad structure is poison for its record: never retriable. */
export const ChemErrorCodes = {
  RDKIT_UNPARSEABLE: 'RDKIT_UNPARSEABLE',
  RDKIT_NO_STRUCTURE: 'RDKIT_NO_STRUCTURE',
  RDKIT_LOAD_FAILED: 'RDKIT_LOAD_FAILED',
  POOL_CLOSED: 'CHEM_POOL_CLOSED',
  WORKER_FAILED: 'CHEM_WORKER_FAILED',
} as const;

export type ChemErrorCode = (typeof ChemErrorCodes)[keyof typeof ChemErrorCodes];

export class ChemError extends Error {
  readonly code: ChemErrorCode;
  readonly retriable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: ChemErrorCode, message: string, options: { retriable?: boolean; cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ChemError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.details = options.details ?? {};
  }
}
