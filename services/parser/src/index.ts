export { genbankParseStage } from './genbank-parse-stage.js';
export { pubchemParseStage, compoundKey } from './pubchem-parse-stage.js';
