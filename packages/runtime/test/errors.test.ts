import { describe, expect, it } from 'vitest';
import { StrandError, describeError, isRetriable, type ErrorCode } from '../src/index.js';

describe('StrandError', () => {
  it('takes retriable and fatal from its code\'s declaration', () => {
    expect(new StrandError('PG_UNREACHABLE', 'down')).toMatchObject({ code: 'PG_UNREACHABLE', retriable: true, fatal: false, name: 'StrandError' });
    expect(new StrandError('RECORD_INVALID', 'bad')).toMatchObject({ retriable: false, fatal: false });
    expect(new StrandError('AUTH_FAILED', 'refused')).toMatchObject({ retriable: false, fatal: true });
  });

  it('keeps cause and details', () => {
    const cause = new Error('socket');
    const err = new StrandError('NETWORK', 'failed', { cause, details: { host: 'x' } });
    expect(err.cause).toBe(cause);
    expect(err.details).toEqual({ host: 'x' });
  });

  it('ignores the deprecated retriable option at run time (the compiler only accepts the declared value)', () => {
    const forced = new StrandError('RECORD_INVALID' as ErrorCode, 'bad', { retriable: true as never });
    expect(forced.retriable).toBe(false);
  });

  it('is neither retriable nor fatal for a code that escaped the compiler', () => {
    const undeclared = 'NOT_DECLARED' as ErrorCode; // (kept out of the repository scan in error-codes.test.ts)
    expect(new StrandError(undeclared, 'x')).toMatchObject({ code: 'NOT_DECLARED', retriable: false, fatal: false });
  });
});

describe('describeError', () => {
  it('describes ours from the declaration', () => {
    expect(describeError(new StrandError('KAFKA_PRODUCE_FAILED', 'produce failed'))).toEqual({ code: 'KAFKA_PRODUCE_FAILED', retriable: true, fatal: false, message: 'produce failed' });
  });

  it('classifies foreign errors and keeps the class name of an unexpected one', () => {
    expect(describeError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toEqual({ code: 'NETWORK', retriable: true, fatal: false, message: 'connect ECONNREFUSED 127.0.0.1:1' });
    expect(describeError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toEqual({ code: 'UNEXPECTED', retriable: false, fatal: false, message: "TypeError: Cannot read properties of undefined (reading 'x')" });
    expect(describeError(new Error('plain'))).toMatchObject({ code: 'UNEXPECTED', message: 'plain' });
    expect(describeError('a string')).toEqual({ code: 'UNEXPECTED', retriable: false, fatal: false, message: 'a string' });
  });

  it('lets a fatal cause win over a retriable wrapper', () => {
    const auth = new StrandError('AUTH_FAILED', 'SASL refused');
    const wrapped = new StrandError('KAFKA_PRODUCE_FAILED', 'producing failed', { cause: auth });
    expect(wrapped.retriable).toBe(true); // its own code's declaration
    expect(describeError(wrapped)).toMatchObject({ code: 'AUTH_FAILED', retriable: false, fatal: true, message: 'producing failed' });
    expect(isRetriable(wrapped)).toBe(false);
  });
});
