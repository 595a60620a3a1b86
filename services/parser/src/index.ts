export { genbankParseStage } from './genbank-parse-stage.js';
