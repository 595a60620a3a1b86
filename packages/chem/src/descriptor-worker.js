// Worker thread entry for DescriptorPool. Plain JavaScript so that Node runs it directly from src/
// (tests) and from dist/ (built). Loads RDKit once, then answers {id, inputs} with {id, results}.
import { parentPort } from 'node:worker_threads';
import rdkitPackage from '@rdkit/rdkit';
import { describeStructure } from './descriptor-core.js';

/** @type {(options?: unknown) => Promise<import('@rdkit/rdkit').MainModule>} */
const factory = /** @type {any} */ (rdkitPackage).default ?? rdkitPackage;
const ready = factory();

parentPort?.on('message', async (/** @type {{ id: number, inputs: import('./rdkit-descriptors.js').StructureInput[] }} */ message) => {
  let rdkit;
  try {
    rdkit = await ready;
  } catch (error) {
    parentPort?.postMessage({ id: message.id, failure: `cannot load @rdkit/rdkit: ${error instanceof Error ? error.message : String(error)}` });
    return;
  }
  const results = message.inputs.map((input) => {
    try {
      const result = describeStructure(rdkit, input);
      return result.ok ? result.descriptors : { error: { code: result.code, message: result.reason } };
    } catch (error) {
      // RDKit threw inside WebAssembly (not a parse failure): report it for this input only.
      return { error: { code: 'RDKIT_UNPARSEABLE', message: `RDKit failed: ${error instanceof Error ? error.message : String(error)}` } };
    }
  });
  parentPort?.postMessage({ id: message.id, results });
});
