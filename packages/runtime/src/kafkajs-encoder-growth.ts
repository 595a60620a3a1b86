import { createRequire } from 'node:module';

/**
 * kafkajs builds every produce request in Encoders that grow by doubling, each time into a
 * zero-filled Buffer.alloc: for 20 KB records that zero-filling is a tenth of a hop's CPU. Every
 * byte below an Encoder's offset is written before it is read, and only those bytes are ever
 * returned (`encoder.buffer` slices to the offset), so the new buffer need not be zeroed: this
 * replaces the growth step with Buffer.allocUnsafe. The method is looked up on the prototype at
 * each call, so the change holds whenever it is applied.
 */
interface KafkajsEncoder {
  buf: Buffer;
  offset: number;
}
interface KafkajsEncoderClass {
  prototype: { ensureAvailable(this: KafkajsEncoder, length: number): void };
  nextPowerOfTwo(value: number): number;
}

const require = createRequire(import.meta.url);
const Encoder = require('kafkajs/src/protocol/encoder.js') as KafkajsEncoderClass;

Encoder.prototype.ensureAvailable = function ensureAvailable(this: KafkajsEncoder, length: number): void {
  if (this.offset + length <= this.buf.length) return;
  const grown = Buffer.allocUnsafe(Encoder.nextPowerOfTwo(this.offset + length));
  this.buf.copy(grown, 0, 0, this.offset);
  this.buf = grown;
};

/** True once the growth step is in place (importing this module puts it there). */
export const kafkajsEncoderGrowsUnzeroed = true;
