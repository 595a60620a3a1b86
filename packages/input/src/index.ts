export { openInput, startsWithGzipMagic } from './open-input.js';
export type { InputSource } from './open-input.js';
export { peekHead } from './peek-head.js';
export type { PeekedInput } from './peek-head.js';
export { sniffFormat, looksLikeDivisionHeader, SNIFF_BYTES } from './sniff-format.js';
export type { FormatSniff, InputFormat } from './sniff-format.js';
export { describeBytes } from './describe-bytes.js';
export { firstInvalidUtf8, countLineFeeds, locateInvalidUtf8, describeUtf8Problem, decodeUtf8Strict } from './utf8-check.js';
export type { Utf8Problem } from './utf8-check.js';
