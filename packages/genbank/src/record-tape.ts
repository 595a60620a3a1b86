/**
 * A compact transfer format for plain JSON-like values (what the parser produces), used to move parsed
 * records from a worker thread to the main thread. Structured cloning of parsed records costs the main
 * thread about as much as parsing them did; a tape is one Int32Array of tags and lengths (transferred,
 * not copied), one string holding every string value back to back (read with slice, which V8 does
 * without copying long strings) and a short table of object keys.
 */
export interface Tape {
  ops: Int32Array;
  text: string;
  keys: string[];
}

const NULL = 0;
const FALSE = 1;
const TRUE = 2;
const INT = 3;
/** A number that is not an int32, written as its decimal text. */
const NUMBER = 4;
const STRING = 5;
const ARRAY = 6;
const OBJECT = 7;

export class TapeWriter {
  private ops = new Int32Array(1 << 14);
  private length = 0;
  private readonly strings: string[] = [];
  private readonly keyIds = new Map<string, number>();
  private readonly keys: string[] = [];

  /** Append a value: null, boolean, number, string, array or plain object of these (undefined properties are skipped, as JSON does). */
  write(value: unknown): void {
    if (value === null) this.op(NULL);
    else if (typeof value === 'string') {
      this.op(STRING);
      this.op(value.length);
      this.strings.push(value);
    } else if (typeof value === 'number') {
      if ((value | 0) === value) {
        this.op(INT);
        this.op(value);
      } else {
        const s = String(value);
        this.op(NUMBER);
        this.op(s.length);
        this.strings.push(s);
      }
    } else if (typeof value === 'boolean') this.op(value ? TRUE : FALSE);
    else if (Array.isArray(value)) {
      this.op(ARRAY);
      this.op(value.length);
      for (let i = 0; i < value.length; i += 1) this.write(value[i]);
    } else if (typeof value === 'object') {
      const object = value as Record<string, unknown>;
      const keys = Object.keys(object);
      let defined = keys.length;
      for (let i = 0; i < keys.length; i += 1) if (object[keys[i] as string] === undefined) defined -= 1;
      this.op(OBJECT);
      this.op(defined);
      for (let i = 0; i < keys.length; i += 1) {
        const key = keys[i] as string;
        const v = object[key];
        if (v === undefined) continue;
        this.op(this.keyId(key));
        this.write(v);
      }
    } else {
      throw new TypeError(`record tape: cannot write a ${typeof value}`);
    }
  }

  finish(): Tape {
    return { ops: this.ops.slice(0, this.length), text: this.strings.join(''), keys: this.keys };
  }

  private keyId(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.keyIds.set(key, id);
      this.keys.push(key);
    }
    return id;
  }

  private op(n: number): void {
    if (this.length === this.ops.length) {
      const grown = new Int32Array(this.ops.length * 2);
      grown.set(this.ops);
      this.ops = grown;
    }
    this.ops[this.length] = n;
    this.length += 1;
  }
}

export class TapeReader {
  private at = 0;
  private textAt = 0;

  constructor(private readonly tape: Tape) {}

  get done(): boolean {
    return this.at >= this.tape.ops.length;
  }

  /** The next value, rebuilt with the same property order. */
  read(): unknown {
    const ops = this.tape.ops;
    const tag = ops[this.at++];
    switch (tag) {
      case NULL:
        return null;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case INT:
        return ops[this.at++];
      case STRING:
        return this.text(ops[this.at++] as number);
      case NUMBER:
        return Number(this.text(ops[this.at++] as number));
      case ARRAY: {
        const n = ops[this.at++] as number;
        const array = new Array<unknown>(n);
        for (let i = 0; i < n; i += 1) array[i] = this.read();
        return array;
      }
      case OBJECT: {
        const n = ops[this.at++] as number;
        const object: Record<string, unknown> = {};
        const keys = this.tape.keys;
        for (let i = 0; i < n; i += 1) {
          const key = keys[ops[this.at++] as number] as string;
          const value = this.read();
          if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
          else object[key] = value;
        }
        return object;
      }
      default:
        throw new Error(`record tape: bad tag ${String(tag)} at ${this.at - 1}`);
    }
  }

  private text(length: number): string {
    const start = this.textAt;
    this.textAt = start + length;
    return this.tape.text.slice(start, start + length);
  }
}
