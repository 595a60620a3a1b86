import { describe, it, expect } from 'vitest';
import type { KafkaMessage } from 'kafkajs';
import { createLogger, deadLetterOf, describeError, loadConfig, redact, redactDeep, registerSecret, StrandError, urlWithoutPassword } from '../src/index.js';

describe('redact', () => {
  it('removes the password of any URL, keeping the user and the address', () => {
    expect(redact('Redis redis://:hunter2@10.0.0.5:6379: no answer')).toBe('Redis redis://:***@10.0.0.5:6379: no answer');
    expect(redact('at postgres://strand:p%40ss@db:5432/strand and https://u:pw@reg/apis')).toBe('at postgres://strand:***@db:5432/strand and https://u:***@reg/apis');
    // A raw @ in the password: up to the last @ before the host.
    expect(redact('http://user:a@b@host/x')).toBe('http://user:***@host/x');
    expect(redact('postgres://postgres@127.0.0.1:5432/strand')).toBe('postgres://postgres@127.0.0.1:5432/strand');
  });

  it('removes credential query parameters (NCBI api_key and the like)', () => {
    expect(redact('HTTP 500 from https://eutils/esearch.fcgi?db=nuccore&term=x&api_key=abc123&tool=strand')).toBe('HTTP 500 from https://eutils/esearch.fcgi?db=nuccore&term=x&api_key=***&tool=strand');
    expect(redact('GET /x?token=t0k&password=pw')).toBe('GET /x?token=***&password=***');
    expect(redact('monkey=1&key_size=3')).toBe('monkey=1&key_size=3');
  });

  it('removes a registered secret verbatim and URL-encoded, wherever it appears; short ones only in URL form', () => {
    registerSecret('Verbatim/Secret+1');
    expect(redact('{"api-key":"Verbatim/Secret+1"} or Verbatim%2FSecret%2B1')).toBe('{"api-key":"***"} or ***');
    registerSecret('short');
    expect(redact('a short word stays')).toBe('a short word stays');
    expect(redact('redis://:short@h')).toBe('redis://:***@h');
  });

  it('walks objects and arrays', () => {
    expect(redactDeep({ url: 'http://a:b@h/', list: ['x?api_key=k'], n: 3 })).toEqual({ url: 'http://a:***@h/', list: ['x?api_key=***'], n: 3 });
  });

  it('shows a URL without its password, still usable (the client then asks for it)', () => {
    expect(urlWithoutPassword('postgres://strand:pw@db:5432/strand')).toBe('postgres://strand@db:5432/strand');
    expect(urlWithoutPassword('not a url api_key=1')).toBe('not a url api_key=***');
  });
});

describe('where redaction applies', () => {
  const secret = 'Zq7-unit-secret-4711';
  // loadConfig registers the secrets of the configuration, as every process does at start-up.
  loadConfig({ STRAND_NCBI_API_KEY: secret, STRAND_REDIS_URL: `redis://:${secret}x@127.0.0.1:1` });

  it('StrandError messages and details, describeError of any error', () => {
    const err = new StrandError('REDIS_UNREACHABLE', `Redis redis://:${secret}x@127.0.0.1:1: no answer`, { details: { url: `https://h/?api_key=${secret}` } });
    expect(err.message).toBe('Redis redis://:***@127.0.0.1:1: no answer');
    expect(JSON.stringify(err.details)).not.toContain(secret);
    expect(describeError(new TypeError(`bad header ${secret}`)).message).toBe('TypeError: bad header ***');
    expect(describeError(`thrown string with ${secret}`).message).toBe('thrown string with ***');
  });

  it('log lines, fields included', () => {
    const lines: string[] = [];
    const logger = createLogger('debug', { base: `x${secret}` }, (l) => lines.push(l)).child({ url: `http://u:${secret}@h/` });
    logger.warn(`message ${secret}`, { nested: { deep: [`api_key=${secret}`] } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(secret);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'message ***', base: 'x***', url: 'http://u:***@h/', nested: { deep: ['api_key=***'] } });
  });

  it('dead-letter reasons', () => {
    const message = { key: Buffer.from('k'), value: Buffer.from('v'), offset: '7', headers: {} } as unknown as KafkaMessage;
    const foreign = Object.assign(new Error(`connect to redis://:${secret}x@h failed`), { code: 'ECONNREFUSED' });
    expect(deadLetterOf('s', { topic: 't', partition: 0, message }, foreign).reason).toBe('connect to redis://:***@h failed');
  });
});
