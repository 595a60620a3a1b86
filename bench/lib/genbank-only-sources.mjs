// STRAND_SOURCES_MODULE for the hop-alone runs of bench/genbank-pipeline.mjs: a service that hosts
// only the GenBank stage of its role. With the built-in list, the PubChem stage of the same role is
// created after the GenBank stage has joined its group (the enricher's loads RDKit then, about 1 s of
// CPU), so a service draining a pre-filled topic would pay for that start-up inside the measurement.
const { genbankSource } = await import(new URL('../../packages/sources/dist/index.js', import.meta.url).href);

export const sources = [genbankSource()];
