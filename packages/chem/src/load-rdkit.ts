import rdkitPackage from '@rdkit/rdkit';
import { ChemError, ChemErrorCodes } from './chem-error.js';
import type { RDKitModule } from './rdkit-descriptors.js';

type Factory = (options?: unknown) => Promise<RDKitModule>;

let loading: Promise<RDKitModule> | undefined;

/**
 * Loads RDKit MinimalLib (WebAssembly) once per thread; later calls share the same module.
 * A failed load is not memoized, so a later call tries again.
 */
export function loadRdkit(): Promise<RDKitModule> {
  loading ??= initialize().catch((cause: unknown) => {
    loading = undefined;
    throw new ChemError(ChemErrorCodes.RDKIT_LOAD_FAILED, `cannot load @rdkit/rdkit: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  });
  return loading;
}

async function initialize(): Promise<RDKitModule> {
  // The package is CommonJS with module.exports = factory (and .default = factory).
  const candidate = rdkitPackage as unknown as Factory | { default: Factory };
  const factory = typeof candidate === 'function' ? candidate : candidate.default;
  return factory();
}
