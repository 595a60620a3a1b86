// Worker thread entry for DescriptorPool. Plain JavaScript so that Node runs it directly from src/
// (tests) and from dist/ (built). Loads RDKit once and says {ready: true}; then answers
// {id, offset, inputs} with one {id, index, result} per molecule, as each is done, so that the pool
// can time each molecule and keep the results of a chunk whose worker it had to replace.
import { parentPort } from 'node:worker_threads';
import rdkitPackage from '@rdkit/rdkit';
import { describeStructure } from './descriptor-core.js';

/** @type {(options?: unknown) => Promise<import('@rdkit/rdkit').MainModule>} */
const factory = /** @type {any} */ (rdkitPackage).default ?? rdkitPackage;
const ready = factory();
ready.then(() => parentPort?.postMessage({ ready: true }), () => undefined);

/**
 * Set once RDKit trapped (a WebAssembly.RuntimeError such as "memory access out of bounds", e.g. a
 * stack overflow on a very long chain): the instance is unusable after a trap (every later call
 * fails), so this worker answers nothing more and the pool replaces it.
 */
let broken = false;

parentPort?.on('message', async (/** @type {{ id: number, offset: number, inputs: import('./rdkit-descriptors.js').StructureInput[] }} */ message) => {
  let rdkit;
  try {
    rdkit = await ready;
  } catch (error) {
    parentPort?.postMessage({ id: message.id, failure: `cannot load @rdkit/rdkit: ${error instanceof Error ? error.message : String(error)}` });
    return;
  }
  for (let i = 0; i < message.inputs.length && !broken; i++) {
    let result;
    try {
      const described = describeStructure(rdkit, /** @type {import('./rdkit-descriptors.js').StructureInput} */ (message.inputs[i]));
      result = described.ok ? described.descriptors : { error: { code: described.code, message: described.reason } };
    } catch (error) {
      // RDKit threw inside WebAssembly (not a parse failure): report it for this input only.
      broken = error instanceof /** @type {any} */ (globalThis).WebAssembly.RuntimeError;
      const what = broken ? 'RDKit crashed on this structure (WebAssembly trap: ' : 'RDKit failed: ';
      result = { error: { code: 'RDKIT_UNPARSEABLE', message: `${what}${error instanceof Error ? error.message : String(error)}${broken ? '); its worker was replaced' : ''}` } };
    }
    parentPort?.postMessage({ id: message.id, index: message.offset + i, result, ...(broken ? { broken: true } : {}) });
  }
});
